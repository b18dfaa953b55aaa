/* The two 8237A DMA controllers of the PC/AT and their page registers (see dma.c). */
#ifndef LUCID_DMA_H
#define LUCID_DMA_H

#include "emu/board/bus.h"
#include "emu/board/device.h"

struct dma;

/*
 * Claims 0x00-0x0F (channels 0-3, bytes), 0xC0-0xDF (channels 4-7, words)
 * and the page registers 0x81-0x8F (0x80 is the POST port, not ours).
 */
struct dma *dma_create(struct bus *bus);
void dma_destroy(struct dma *d);
struct device *dma_device(struct dma *d);

/*
 * The transfer API devices call (the device's DREQ/DACK handshake, done in
 * one call). Move up to len bytes on channel ch (0-3: bytes; 5-7: words, len
 * even) from guest memory to buf (dma_read_memory, an 8237 "read" transfer)
 * or from buf to guest memory (dma_write_memory). Stops early at terminal
 * count unless the channel auto-initialises, or when the channel is masked.
 * Returns the number of bytes moved.
 */
u32 dma_read_memory(struct dma *d, int ch, void *buf, u32 len);
u32 dma_write_memory(struct dma *d, int ch, const void *buf, u32 len);
/* Is the channel masked (not ready to transfer)? */
bool dma_masked(struct dma *d, int ch);
/* Did the channel reach terminal count since the last call? (clears the note) */
bool dma_take_tc(struct dma *d, int ch);

#endif
