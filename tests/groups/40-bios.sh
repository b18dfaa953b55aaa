#!/usr/bin/env bash
# The BIOS: test programs booted under QEMU (SeaBIOS and ours) and Lucid.
. "$(dirname "$0")/../lib.sh"
tests/bios/run.sh
