#!/usr/bin/env bash
# The BIOS: test programs booted under QEMU (SeaBIOS and ours) and Lucid.
cd "$(dirname "$0")/../.."
tests/bios/run.sh
