"""LibreOffice, when the server has it: converting what kiennghi writes (to PDF, to .xls)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from kiennghi.errors import InputError
from kiennghi.files import work_folder

CONVERT_TIMEOUT = 180  # seconds; the first start of LibreOffice on a cold server is slow


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, to: str, target: Path) -> Path:
    """Convert `source` with LibreOffice to the format `to` ("pdf", "xls"), written as `target`.

    LibreOffice runs headless with a profile of its own, so an officer's open LibreOffice is
    neither disturbed nor in the way; its profile and output stay in a work folder of our own in
    the system's temporary folder, gone afterwards (see `kiennghi.files.work_folder`). Raises
    InputError when LibreOffice is missing or fails.
    """
    program = soffice()
    if program is None:
        raise InputError("Máy chủ chưa cài LibreOffice nên không chuyển được sang "
                         f"{to.upper()} (cài gói libreoffice-writer, libreoffice-calc).")
    with work_folder(Path(tempfile.gettempdir())) as work:
        profile = Path(work, "profile").as_uri()
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", to, "--outdir", work, str(source)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise InputError(f"LibreOffice không chuyển xong {source.name} sau {CONVERT_TIMEOUT} giây.") from None
        produced = Path(work, f"{source.stem}.{to.split(':')[0]}")
        if done.returncode != 0 or not produced.exists():
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise InputError(f"LibreOffice không chuyển được {source.name} sang {to.upper()}"
                             + (f": {detail[-1]}" if detail else "."))
        shutil.copyfile(produced, target)
    return target
