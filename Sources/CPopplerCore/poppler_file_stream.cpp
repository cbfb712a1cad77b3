// A document's file read through a cache of its blocks (poppler_file_stream.h).
#include "poppler_file_stream.h"

#include <algorithm>
#include <cstring>

namespace unifex_shim {

std::shared_ptr<const FileBlocks::Block> FileBlocks::at(Goffset offset) {
    if (offset < 0) return nullptr;
    Goffset index = offset / blockSize;
    auto known = byIndex.find(index);
    if (known != byIndex.end()) {
        recent.splice(recent.begin(), recent, known->second);
        return *known->second;
    }
    auto block = std::make_shared<Block>();
    block->start = index * blockSize;
    block->data.reset(new char[blockSize]);
    int n = file->read(block->data.get(), (int)blockSize, block->start);
    if (n < 0) return nullptr;
    block->size = n;
    if (recent.size() >= keptBlocks) {
        byIndex.erase(recent.back()->start / blockSize);
        recent.pop_back();
    }
    recent.push_front(block);
    byIndex[index] = recent.begin();
    return block;
}

CachedBlockStream::CachedBlockStream(FileBlocks *blocks, const GooString *name, Goffset start, bool limited,
                                     Goffset length, Object &&dict)
    : BaseStream(std::move(dict), length), blocks(blocks), name(name), offset(start), start(start),
      limited(limited), bufPos(start) {}

CachedBlockStream::~CachedBlockStream() { close(); }

BaseStream *CachedBlockStream::copy() {
    return new CachedBlockStream(blocks, name, start, limited, length, dict.copy());
}

Stream *CachedBlockStream::makeSubStream(Goffset startA, bool limitedA, Goffset lengthA, Object &&dictA) {
    // A part of the file (an object, a stream's data) is no document: it has no file name.
    return new CachedBlockStream(blocks, nullptr, startA, limitedA, lengthA, std::move(dictA));
}

void CachedBlockStream::reset() {
    savePos = offset;
    offset = start;
    saved = true;
    empty();
    bufPos = start;
}

void CachedBlockStream::close() {
    if (saved) {
        offset = savePos;
        saved = false;
    }
}

bool CachedBlockStream::fillBuf() {
    bufPos += bufEnd - bufBase;
    empty();
    if (limited && bufPos >= start + length) return false;
    std::shared_ptr<const FileBlocks::Block> next = blocks->at(offset);
    if (!next) return false;
    Goffset within = offset - next->start;
    Goffset available = next->size - within;
    if (available <= 0) return false;
    if (limited) available = std::min(available, start + length - bufPos);
    block = std::move(next);
    bufBase = bufPtr = block->data.get() + within;
    bufEnd = bufBase + available;
    offset += available;
    return true;
}

int CachedBlockStream::getChars(int nChars, unsigned char *buffer) {
    int n = 0;
    while (n < nChars) {
        if (bufPtr >= bufEnd && !fillBuf()) break;
        int m = (int)std::min<Goffset>(bufEnd - bufPtr, nChars - n);
        memcpy(buffer + n, bufPtr, m);
        bufPtr += m;
        n += m;
    }
    return n;
}

void CachedBlockStream::setPos(Goffset pos, int dir) {
    if (dir >= 0) {
        offset = bufPos = pos;
    } else {
        Goffset size = blocks->size();
        if (pos > size) pos = size;
        offset = size - pos;
        bufPos = offset;
    }
    empty();
}

void CachedBlockStream::moveStart(Goffset delta) {
    start += delta;
    empty();
    bufPos = start;
}

} // namespace unifex_shim
