/*
 * lucid: the command line. Placeholder until the machine exists (issue 5):
 * it only answers -h and refuses everything else clearly.
 */
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: lucid [options] [disk.img]\n"
		   "  -h        this help\n");
}

int main(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "lucid: the machine is not built yet; only -h works\n");
	return 2;
}
