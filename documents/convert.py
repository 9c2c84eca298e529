"""Convert rendered .docx files to PDF with LibreOffice, headless.

Letters are posted or e-mailed as PDF so that the recipient cannot edit them
and they look the same on every device. LibreOffice is an operating-system
package (``libreoffice-writer-nogui``), not a Python dependency, so its absence
is reported as :class:`PdfConversionUnavailable` rather than as a crash, and
the web app can offer the .docx instead.

Each call uses its own temporary LibreOffice profile: two conversions sharing
a profile block each other (or fail) because LibreOffice locks it, and web
workers and background jobs may convert at the same time.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess  # nosec B404 (accepted: runs LibreOffice with an argument list, never a shell)
import tempfile
from pathlib import Path

__all__ = [
    "PdfConversionError",
    "PdfConversionUnavailable",
    "pdf_available",
    "soffice_path",
    "to_pdf",
]

DEFAULT_TIMEOUT = 120.0


class PdfConversionError(RuntimeError):
    """LibreOffice ran but did not produce a PDF (or took too long)."""


class PdfConversionUnavailable(PdfConversionError):
    """LibreOffice is not installed, so PDFs cannot be made on this machine."""


def soffice_path() -> str | None:
    """The LibreOffice executable: ``$OOCR_SOFFICE`` if set, else ``soffice`` on PATH."""
    configured = os.environ.get("OOCR_SOFFICE")
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return soffice_path() is not None


def to_pdf(docx_bytes: bytes, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Convert a .docx (as bytes) to PDF bytes.

    Raises :class:`PdfConversionUnavailable` when LibreOffice is missing and
    :class:`PdfConversionError` when conversion fails or exceeds ``timeout``
    seconds (the first conversion with a fresh profile takes a few seconds).
    """
    soffice = soffice_path()
    if soffice is None:
        raise PdfConversionUnavailable(
            "LibreOffice (soffice) is not installed; install libreoffice-writer-nogui "
            "or set OOCR_SOFFICE to its path"
        )
    with tempfile.TemporaryDirectory(prefix="oocr-pdf-") as tmp:
        work = Path(tmp)
        source = work / "document.docx"
        source.write_bytes(docx_bytes)
        out_dir = work / "out"
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out_dir),
            str(source),
        ]
        result = _run(command, timeout, env={**os.environ, "HOME": str(work)})
        pdf = out_dir / "document.pdf"
        if result.returncode != 0 or not pdf.is_file():
            detail = (result.stderr or result.stdout).decode(errors="replace").strip()
            raise PdfConversionError(
                f"LibreOffice could not convert the document (exit {result.returncode}): "
                f"{detail[-500:] or 'no output'}"
            )
        data = pdf.read_bytes()
    if not data.startswith(b"%PDF"):
        raise PdfConversionError("LibreOffice produced a file that is not a PDF")
    return data


def _run(command: list[str], timeout: float, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run LibreOffice in its own process group so a timeout can stop all of it.

    ``soffice`` is a launcher that starts ``soffice.bin`` as a child; killing
    only the launcher would leave the real converter running.
    """
    process = subprocess.Popen(  # nosec B603 (accepted: fixed soffice command, file paths we made)
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise PdfConversionError(f"LibreOffice did not finish within {timeout:g} seconds") from None
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
