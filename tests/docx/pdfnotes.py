"""Prints the text of every note annotation (/Subtype /Text, what LibreOffice
writes for a comment) of a PDF, one per line. Reads the file's streams and
object streams with zlib; only what a LibreOffice PDF needs."""
import re
import sys
import zlib


def objects(data):
    """The PDF's bytes with every Flate stream decompressed after it."""
    out = [data]
    for m in re.finditer(rb'stream\r?\n', data):
        end = data.find(b'endstream', m.end())
        try:
            out.append(zlib.decompress(data[m.end():end]))
        except zlib.error:
            pass
    return b'\n'.join(out)


def literal(s, i):
    """The PDF string literal starting after '(' at s[i]; returns bytes, end."""
    out, depth = bytearray(), 1
    esc = {b'n': b'\n', b'r': b'\r', b't': b'\t', b'b': b'\b', b'f': b'\f'}
    while i < len(s):
        c = s[i:i + 1]
        if c == b'\\':
            n = s[i + 1:i + 2]
            if n in esc:
                out += esc[n]
                i += 2
            elif n.isdigit():
                j = i + 1
                while j < i + 4 and s[j:j + 1].isdigit():
                    j += 1
                out.append(int(s[i + 1:j], 8) & 0xFF)
                i = j
            else:
                out += n
                i += 2
            continue
        if c == b'(':
            depth += 1
        elif c == b')':
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        out += c
        i += 1
    return bytes(out), i


def text(raw):
    if raw.startswith(b'\xfe\xff'):
        return raw[2:].decode('utf-16-be', 'replace')
    return raw.decode('latin-1')


def notes(data):
    s = objects(data)
    for m in re.finditer(rb'/Subtype\s*/Text\b', s):
        lo = s.rfind(b'<<', 0, m.start())
        c = s.find(b'/Contents', lo)
        if c < 0 or c > m.end() + 2000:
            continue
        j = c + len(b'/Contents')
        while s[j:j + 1].isspace():
            j += 1
        if s[j:j + 1] == b'(':
            yield text(literal(s, j + 1)[0])
        elif s[j:j + 1] == b'<':
            k = s.find(b'>', j)
            yield text(bytes.fromhex(s[j + 1:k].decode()))


if __name__ == '__main__':
    for n in notes(open(sys.argv[1], 'rb').read()):
        print(n.replace('\r', ' ').replace('\n', ' '))
