"""Awkward .docx files for the redaction tests, and the checker's way of reading one back.

Real evidence arrives with values split across formatting runs and hidden in headers, footnotes,
comments, text boxes, tracked changes, properties and link targets. These builders put a known
value in each such place so the tests can prove it is gone, reading every XML part the way the
prosecution-bundle checker does.
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from datetime import datetime
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Pt

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    f'xmlns:w="{W_NS}" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)

SHARED = Path(__file__).resolve().parents[3] / "shared"

# One person's details, each hidden somewhere different in the awkward document.
VICTIM = {
    "name": "Anna Connor-Hardy",
    "phone_split": "07700 900246",
    "phone_inserted": "+44 (0)113 496 0123",
    "email_table": "clifford32@outlook.com",
    "email_deleted": "lucy.alexander@hotmail.co.uk",
    "email_link": "sullivanpaula@gmail.com",
    "street": "Studio 21\nChristine Court",
    "postcode_textbox": "SL86 7YT",
    "postcode_drawing": "E3S 9YR",
    "dob_header": "31/03/1994",
    "ni_footer": "PZ 17 74 37 A",
    "account_footnote": "19375836",
    "sort_footnote": "21-65-63",
    "reg_comment": "CT64 BUD",
    "witness_comment": "Anthony Owen",
    "address_docvar": "301 Fletcher Garden",
    "dob_custom": "14/02/1999",
    "phone_custom_xml": "07700 900970",
    "alt_text_name": "Diana Gordon",
    "field_email": "bevans@gmail.com",
}
KEEP_NAMES = ["Ms Andrea Horton", "PC Ford 6305"]
REDACT_NAMES = ["Anna Connor-Hardy", "Anthony Owen", "Diana Gordon"]
MUST_KEEP = [
    "Ms Andrea Horton",
    "PC Ford 6305",
    "Criminal damage contrary to section 1(1) of the Criminal Damage Act 1971",
    "31 July 2026",
    "17 October 2026",
    "Drug Education Programme",
    "Catch22",
]


def norm(value: str) -> str:
    """The checker's comparison form."""
    return re.sub(r"[\s\-()+]", "", value).lower()


def package_text(data: bytes) -> str:
    """Every XML part's text, tags dropped, run together and normalised: as the checker reads."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                parts.append(re.sub(r"<[^>]+>", "", archive.read(name).decode("utf8", "replace")))
    return norm("".join(parts))


def package_xml(data: bytes) -> str:
    """Every XML part in full, attributes included, for checks on link targets and authors."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(
            archive.read(n).decode("utf8", "replace") for n in archive.namelist() if n.endswith((".xml", ".rels"))
        )


def split_runs(paragraph, pieces, styles=("bold", "italic", "size")):
    """Add text as consecutive runs, each formatted differently, as Word does after editing."""
    for i, piece in enumerate(pieces):
        run = paragraph.add_run(piece)
        style = styles[i % len(styles)]
        if style == "bold":
            run.bold = True
        elif style == "italic":
            run.italic = True
        else:
            run.font.size = Pt(13)
    return paragraph


def add_xml_part(document, partname, content_type, reltype, xml):
    part = Part(PackURI(partname), content_type, xml.encode(), document.part.package)
    document.part.relate_to(part, reltype)
    return part


def tracked_paragraph(document, before, inserted, deleted, after):
    """A paragraph with a tracked insertion and a tracked deletion."""
    xml = (
        f"<w:p {NSDECL}><w:r><w:t xml:space=\"preserve\">{before}</w:t></w:r>"
        f'<w:ins w:id="91" w:author="Anthony Owen" w:date="2026-10-01T10:00:00Z"><w:r><w:t>{inserted}</w:t></w:r></w:ins>'
        f'<w:del w:id="92" w:author="Anthony Owen" w:date="2026-10-01T10:00:00Z"><w:r><w:delText>{deleted}</w:delText></w:r></w:del>'
        f"<w:r><w:t xml:space=\"preserve\">{after}</w:t></w:r></w:p>"
    )
    document.element.body.append(parse_xml(xml))


def textbox_paragraph(document, vml_text, drawing_text):
    """A VML text box and a DrawingML text box, each holding a paragraph of its own."""
    xml = (
        f"<w:p {NSDECL}><w:r><w:t xml:space=\"preserve\">See box: </w:t></w:r>"
        '<w:r><w:pict><v:shape id="box1" style="width:200pt;height:40pt"><v:textbox><w:txbxContent>'
        f"<w:p><w:r><w:t>Postcode </w:t></w:r><w:r><w:t>{vml_text}</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:inline>'
        '<wp:extent cx="1" cy="1"/><wp:docPr id="7" name="Text Box 7"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        "<wps:wsp><wps:txbx><w:txbxContent>"
        f"<w:p><w:r><w:t>Home postcode {drawing_text}</w:t></w:r></w:p>"
        "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
        f"<w:p><w:r><w:t>Home postcode {drawing_text}</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    document.element.body.append(parse_xml(xml))


def hyperlink_paragraph(document, email):
    r_id = document.part.relate_to(f"mailto:{email}", RT.HYPERLINK, is_external=True)
    xml = (
        f"<w:p {NSDECL}><w:r><w:t xml:space=\"preserve\">Write to the witness via </w:t></w:r>"
        f'<w:hyperlink r:id="{r_id}" w:tooltip="Mail {email}"><w:r><w:t>this link</w:t></w:r></w:hyperlink></w:p>'
    )
    document.element.body.append(parse_xml(xml))


def field_paragraph(document, email):
    xml = (
        f"<w:p {NSDECL}><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
        f'<w:r><w:instrText xml:space="preserve"> HYPERLINK "mailto:{email}" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>e-mail the witness</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    document.element.body.append(parse_xml(xml))


def _one_pixel_png() -> bytes:
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def image_paragraph(document, alt_text):
    """An inline picture whose alt text names a person."""
    document.add_picture(io.BytesIO(_one_pixel_png()))
    doc_pr = document.element.body.findall(
        ".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    )[-1]
    doc_pr.set("descr", f"Photo of {alt_text}")
    doc_pr.set("title", alt_text)


def build_awkward_docx(values=None) -> bytes:
    """A statement with each of ``values`` hidden in a different awkward place."""
    v = dict(VICTIM, **(values or {}))
    document = docx.Document()
    section = document.sections[0]
    split_runs(section.header.paragraphs[0], ["Statement of ", v["name"][:6], v["name"][6:], "   DOB: ",
                                              v["dob_header"][:3], v["dob_header"][3:]])
    section.footer.paragraphs[0].text = f"NI number {v['ni_footer']}"

    document.add_heading("Witness statement", level=1)
    split_runs(document.add_paragraph(), ["Telephone: ", v["phone_split"][:4], v["phone_split"][4:8],
                                          v["phone_split"][8:]])
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Email"
    table.cell(0, 1).text = v["email_table"]
    table.cell(1, 0).text = "Address"
    first_line, second_line = v["street"].split("\n")
    address_cell = table.cell(1, 1).paragraphs[0]
    address_cell.add_run(first_line).add_break()
    address_cell.add_run(second_line)
    document.add_paragraph(
        "On 17 October 2026 I saw Ms Andrea Horton outside the shop. Ms Andrea Horton had agreed to keep away "
        "as part of a caution given on 31 July 2026 for: Criminal damage contrary to section 1(1) of the "
        "Criminal Damage Act 1971."
    )
    document.add_paragraph("Catch22 reports that Ms Andrea Horton did not attend the Drug Education Programme. "
                           "Notes taken by PC Ford 6305.")
    tracked_paragraph(document, "Call me on ", v["phone_inserted"], f"or e-mail {v['email_deleted']}", " any time.")
    textbox_paragraph(document, v["postcode_textbox"], v["postcode_drawing"])
    hyperlink_paragraph(document, v["email_link"])
    field_paragraph(document, v["field_email"])
    image_paragraph(document, v["alt_text_name"])
    commented = document.add_paragraph("The car was seen twice.")
    document.add_comment(commented.runs, text=f"Reg {v['reg_comment']}, owner {v['witness_comment']}",
                         author=v["witness_comment"], initials="AO")

    footnotes = (
        f'<w:footnotes {NSDECL}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">Paid to sort code {v["sort_footnote"]} '
        f'account </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>{v["account_footnote"][:3]}</w:t></w:r>'
        f'<w:r><w:t>{v["account_footnote"][3:]}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    add_xml_part(document, "/word/footnotes.xml",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", RT.FOOTNOTES, footnotes)
    note_ref = parse_xml(f'<w:r {NSDECL}><w:footnoteReference w:id="1"/></w:r>')
    document.paragraphs[-1]._p.append(note_ref)

    settings = document.settings.element
    settings.append(parse_xml(
        f'<w:docVars {NSDECL}><w:docVar w:name="VictimAddress" w:val="{v["address_docvar"]}"/></w:docVars>'
    ))

    props = document.core_properties
    props.author = v["name"]
    props.last_modified_by = v["witness_comment"]
    props.title = f"Statement of {v['name']}"
    props.keywords = v["phone_split"]
    props.comments = f"Witness e-mail {v['email_table']}"
    props.subject = f"DOB {v['dob_header']}"
    props.created = datetime(2026, 10, 18)

    out = io.BytesIO()
    document.save(out)
    return _add_custom_parts(out.getvalue(), v)


def _add_custom_parts(data: bytes, v) -> bytes:
    """Custom document properties and a custom XML data item, which python-docx does not write."""
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="VictimDOB"><vt:lpwstr>{v["dob_custom"]}</vt:lpwstr></property>'
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="3" name="AccountNo"><vt:i4>{v["account_footnote"]}</vt:i4></property>'
        "</Properties>"
    )
    item = f'<?xml version="1.0" encoding="UTF-8"?><caseData><victimPhone>{v["phone_custom_xml"]}</victimPhone></caseData>'
    item_props = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
        '<ds:datastoreItem ds:itemID="{6A0C1E52-0B7F-4C1B-9C6B-000000000001}" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>'
    )
    item_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps" '
        'Target="itemProps9.xml"/></Relationships>'
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/docProps/custom.xml" '
                    b'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
                    b'<Override PartName="/customXml/itemProps9.xml" '
                    b'ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/></Types>',
                )
            elif name == "_rels/.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdCustom" '
                    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" '
                    b'Target="docProps/custom.xml"/></Relationships>',
                )
            elif name == "word/_rels/document.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdItem9" '
                    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" '
                    b'Target="../customXml/item9.xml"/></Relationships>',
                )
            target.writestr(name, content)
        target.writestr("docProps/custom.xml", custom)
        target.writestr("customXml/item9.xml", item)
        target.writestr("customXml/itemProps9.xml", item_props)
        target.writestr("customXml/_rels/item9.xml.rels", item_rels)
        if "docProps/thumbnail.jpeg" not in source.namelist():
            target.writestr("docProps/thumbnail.jpeg", b"\xff\xd8\xff\xe0 first page preview")
    return out.getvalue()
