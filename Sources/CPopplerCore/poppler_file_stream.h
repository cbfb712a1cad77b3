// The stream a document is read through: poppler's own file stream, read through a cache of the
// file's blocks.
#pragma once

#include <list>
#include <memory>
#include <unordered_map>

#include <Object.h>
#include <Stream.h>
#include <goo/GooString.h>
#include <goo/gfile.h>

namespace unifex_shim {

// The file's bytes in blocks, the most recently used kept. Poppler reads a page's fonts and
// resources afresh for every page, one small read of the file (a system call) at a time; here
// what it reads again comes from memory, and a block is read from the file once while it is kept.
// One document's, used by the one thread that has the document.
class FileBlocks {
public:
    explicit FileBlocks(std::unique_ptr<GooFile> file) : file(std::move(file)) {}

    // The file's size now, as poppler's file stream asks it.
    Goffset size() const { return file->size(); }

    static constexpr Goffset blockSize = 16 * 1024;
    // 4 MiB a document: most PDFs whole, a large one's recent part.
    static constexpr size_t keptBlocks = 256;

    struct Block {
        Goffset start = 0;
        int size = 0;
        std::unique_ptr<char[]> data;
    };

    // The block that holds `offset` (short or empty at the end of the file); null where the
    // file cannot be read.
    std::shared_ptr<const Block> at(Goffset offset);

private:
    std::unique_ptr<GooFile> file;
    // Most recently used first.
    std::list<std::shared_ptr<const Block>> recent;
    std::unordered_map<Goffset, std::list<std::shared_ptr<const Block>>::iterator> byIndex;
};

// What poppler's FileStream is, position for position and byte for byte, except where its bytes
// come from: FileStream reads the file 256 bytes at a time into a buffer of its own, this one
// hands out the blocks of `FileBlocks`. Every method changes the position state as FileStream's
// does, so poppler reads the same.
class CachedBlockStream : public BaseStream {
public:
    // `name` is what the document reports as its file name (for the stream given to PDFDoc);
    // `blocks` and `name` outlive every stream made from this one.
    CachedBlockStream(FileBlocks *blocks, const GooString *name, Goffset start, bool limited, Goffset length,
                      Object &&dict);
    ~CachedBlockStream() override;

    BaseStream *copy() override;
    Stream *makeSubStream(Goffset start, bool limited, Goffset length, Object &&dict) override;
    // The kind poppler's file stream has, so that poppler treats this one as it would that one.
    StreamKind getKind() const override { return strFile; }
    void reset() override;
    void close() override;
    int getChar() override { return (bufPtr >= bufEnd && !fillBuf()) ? EOF : (*bufPtr++ & 0xff); }
    int lookChar() override { return (bufPtr >= bufEnd && !fillBuf()) ? EOF : (*bufPtr & 0xff); }
    Goffset getPos() override { return bufPos + (bufPtr - bufBase); }
    void setPos(Goffset pos, int dir = 0) override;
    Goffset getStart() override { return start; }
    void moveStart(Goffset delta) override;
    int getUnfilteredChar() override { return getChar(); }
    void unfilteredReset() override { reset(); }
    GooString *getFileName() override { return const_cast<GooString *>(name); }

private:
    bool fillBuf();
    // Nothing buffered: the next read comes from `offset`.
    void empty() { bufPtr = bufEnd = bufBase; }

    bool hasGetChars() override { return true; }
    int getChars(int nChars, unsigned char *buffer) override;

    FileBlocks *blocks;
    const GooString *name;
    // Where the next read from the file starts.
    Goffset offset;
    Goffset start;
    bool limited;
    // The block the buffered bytes lie in, held while they are read.
    std::shared_ptr<const FileBlocks::Block> block;
    const char *bufBase = nullptr;
    const char *bufPtr = nullptr;
    const char *bufEnd = nullptr;
    // The position in the file of bufBase[0].
    Goffset bufPos;
    Goffset savePos = 0;
    bool saved = false;
};

} // namespace unifex_shim
