"""Writes the hand-made Word files of the tests: plain.docx, a draft as plain
Word writes one (no heading styles: "§ 3" typed by hand, Nummern and
Buchstaben from Word's numbering, a field, a text box, a table), the same
with a relationship to a missing comments part, and the hostile files under
hostile/ (and two OpenDocument ones), each refused with a clear error. The files are
committed; run this again only to change them:

    python3 tests/docx/make-files.py tests/docx
"""
import os
import struct
import sys
import zipfile

W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
CT_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'
CT_MACRO = 'application/vnd.ms-word.document.macroEnabled.main+xml'
NUMBERING = ('application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml')
REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
FIXED = (2026, 1, 1, 0, 0, 0)       # the same bytes at every run


def types(main_type=CT_MAIN, numbering=True):
    extra = ('<Override PartName="/word/numbering.xml" ContentType="%s"/>' % NUMBERING
             if numbering else '')
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="%s"/>%s</Types>'
            % (main_type, extra))


ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="%s/officeDocument" Target="word/document.xml"/>'
             '</Relationships>' % REL)
DOC_RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="%s/numbering" Target="numbering.xml"/>'
            '</Relationships>' % REL)

# Nummern "1." and Buchstaben "a)" below them, as Word numbers a list.
NUMBERING_XML = (
    '<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="%s">'
    '<w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%%2)"/></w:lvl>'
    '</w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="0"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    '</w:numbering>' % W)


def para(text, num=None, ilvl=0):
    ppr = ('<w:pPr><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr></w:pPr>'
           % (ilvl, num) if num else '')
    return '<w:p>%s<w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % (ppr, text)


PLAIN_BODY = ''.join([
    para('Gesetz über die Anmeldung von Hunden'),
    para('§ 1 Anmeldung'),
    para('(1) Wer einen Hund hält, meldet ihn bei der Gemeinde an. Die Anmeldung enthält'),
    para('den Namen und die Anschrift der Halterin oder des Halters,', 1),
    para('die Rasse des Hundes, und zwar', 1),
    para('bei Mischlingen die Rassen der Eltern,', 1, 1),
    para('sonst die Rasse.', 1, 1),
    # a sentence split over runs, with a field whose result is text
    '<w:p><w:r><w:t xml:space="preserve">(2) Die Anmeldung ist </w:t></w:r>'
    '<w:r><w:t>schrift</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>lich</w:t></w:r>'
    '<w:r><w:t xml:space="preserve"> einzureichen; das Formular steht unter </w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org" </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    '<w:r><w:t>example.org</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    '<w:r><w:t xml:space="preserve"> bereit.</w:t></w:r></w:p>',
    para('§ 2 Abmeldung'),
    # a text box is not part of the draft
    '<w:p><w:r><w:t xml:space="preserve">Die Abmeldung ist formlos möglich.</w:t></w:r>'
    '<w:r><w:pict><w:txbxContent><w:p><w:r><w:t>Randnotiz: persönlich erscheinen.</w:t>'
    '</w:r></w:p></w:txbxContent></w:pict></w:r></w:p>',
    para('Sie ist zu begründen, wenn'),
    para('der Hund abgegeben wurde oder', 2),
    para('der Hund verstorben ist.', 2),
    '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Anlage 1</w:t></w:r></w:p></w:tc>'
    '<w:tc><w:p><w:r><w:t>Der Vordruck ist auf Papier einzureichen.</w:t></w:r></w:p></w:tc>'
    '</w:tr></w:tbl>',
    # a citation at the start of a paragraph without a full stop is not a heading
    para('§ 1 Absatz 2 gilt auch für Katzen, wenn'),
    para('sie angemeldet werden sollen.'),
])


def document(body):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="%s"><w:body>%s<w:sectPr/></w:body></w:document>'
            % (W, body))


def write_zip(path, entries, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, 'w', compression) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, FIXED)
            info.compress_type = compression
            z.writestr(info, data)


def word(path, body=PLAIN_BODY, main_type=CT_MAIN, extra=(), document_xml=None,
         rels=DOC_RELS):
    write_zip(path, [('[Content_Types].xml', types(main_type)), ('_rels/.rels', ROOT_RELS),
                     ('word/document.xml', document_xml if document_xml is not None
                      else document(body)),
                     ('word/_rels/document.xml.rels', rels),
                     ('word/numbering.xml', NUMBERING_XML)] + list(extra))


def set_encrypted(path):
    """Marks every entry as encrypted (general purpose flag bit 0), as an
    archive made with a password says."""
    data = bytearray(open(path, 'rb').read())
    for sig, off in ((b'PK\x03\x04', 6), (b'PK\x01\x02', 8)):
        i = data.find(sig)
        while i >= 0:
            flags = struct.unpack_from('<H', data, i + off)[0]
            struct.pack_into('<H', data, i + off, flags | 1)
            i = data.find(sig, i + 4)
    open(path, 'wb').write(bytes(data))


OLE = b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1'


def odt(path, manifest_extra='', extra=()):
    """A small OpenDocument text; manifest_extra goes into content.xml's entry."""
    office = 'urn:oasis:names:tc:opendocument:xmlns:office:1.0'
    text = 'urn:oasis:names:tc:opendocument:xmlns:text:1.0'
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                '<manifest:file-entry manifest:full-path="content.xml" '
                'manifest:media-type="text/xml">%s</manifest:file-entry></manifest:manifest>'
                % manifest_extra)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="%s" xmlns:text="%s"><office:body><office:text>'
               '<text:p>Der Antrag ist schriftlich zu stellen.</text:p>'
               '</office:text></office:body></office:document-content>' % (office, text))
    write_zip(path, [('mimetype', 'application/vnd.oasis.opendocument.text'),
                     ('META-INF/manifest.xml', manifest), ('content.xml', content)]
              + list(extra))


def main(out):
    word(os.path.join(out, 'drafts', 'plain.docx'))
    # a relationship to a comments part the package lacks: the annotated copy has one
    word(os.path.join(out, 'drafts', 'dangling-comments.docx'), rels=DOC_RELS.replace(
        '</Relationships>', '<Relationship Id="rId9" Type="%s/comments" '
        'Target="comments.xml"/></Relationships>' % REL))
    h = os.path.join(out, 'hostile')
    # a main part that unpacks to more than the limit (65 MiB)
    word(os.path.join(h, 'bomb-size.docx'),
         document_xml=document(PLAIN_BODY) + ' ' * (65 * 1024 * 1024))
    # an image that does: never read for a check, refused when copied
    word(os.path.join(h, 'bomb-media.docx'),
         extra=[('word/media/zeros.bin', b'\0' * (65 * 1024 * 1024))])
    # a small part with an absurd compression ratio (2 MiB of zeros)
    word(os.path.join(h, 'bomb-ratio.docx'),
         document_xml=document(PLAIN_BODY) + ' ' * (2 * 1024 * 1024))
    word(os.path.join(h, 'macros.docm'), main_type=CT_MACRO,
         extra=[('word/vbaProject.bin', OLE + b'\0' * 504)])
    word(os.path.join(h, 'encrypted-entries.docx'))
    set_encrypted(os.path.join(h, 'encrypted-entries.docx'))
    # an encrypted Word file is an OLE compound file with an EncryptedPackage stream
    open(os.path.join(h, 'password.docx'), 'wb').write(
        OLE + b'\0' * 504 + 'EncryptedPackage'.encode('utf-16-le') + b'\0' * 512)
    open(os.path.join(h, 'old-word.doc'), 'wb').write(
        OLE + b'\0' * 504 + 'WordDocument'.encode('utf-16-le') + b'\0' * 512)
    good = open(os.path.join(out, 'drafts', 'plain.docx'), 'rb').read()
    open(os.path.join(h, 'truncated.docx'), 'wb').write(good[:len(good) // 2])
    open(os.path.join(h, 'garbage.docx'), 'wb').write(b'PK\x03\x04' + b'\x55' * 300)
    write_zip(os.path.join(h, 'not-word.docx'), [('readme.txt', 'Hallo')])
    write_zip(os.path.join(h, 'no-main-part.docx'),
              [('[Content_Types].xml', types()), ('_rels/.rels', ROOT_RELS)])
    word(os.path.join(h, 'doctype.docx'), document_xml=(
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">]>'
        + document(PLAIN_BODY)[len('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'):]))
    word(os.path.join(h, 'malformed.docx'), document_xml=document(PLAIN_BODY)[:-20])
    word(os.path.join(h, 'not-a-document.docx'), document_xml='<?xml version="1.0"?><x/>')
    open(os.path.join(h, 'text-named.docx'), 'w').write('# § 1 Anmeldung\n\nschriftlich\n')
    # 3000 findings in one paragraph: annotate anchors 200 and counts the rest
    word(os.path.join(h, 'crowded.docx'), body=para('§ 1 Vielschrift') + para(
        '(1) ' + ' '.join(['Der Antrag ist schriftlich zu stellen.'] * 3000)))
    odt(os.path.join(h, 'encrypted.odt'), manifest_extra=(
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/>'))
    odt(os.path.join(h, 'macros.odt'), extra=[('Basic/Standard/Module1.xml', '<module/>')])


if __name__ == '__main__':
    main(sys.argv[1])
