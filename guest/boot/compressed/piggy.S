/* The gzip-compressed kernel (build/guest/vmlinux.bin.gz), linked into the decompressor. */
	.section ".rodata.compressed", "a"
	.globl	input_data, input_data_end
input_data:
	.incbin	PIGGY_FILE
input_data_end:
