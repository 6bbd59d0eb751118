"""Edit a workbook in LibreOffice Calc, as a member of staff would, through the UNO bridge.

Run with the system Python that has LibreOffice's `uno` module (Debian's python3-uno):

    /usr/bin/python3 tests/office_edit.py WORKBOOK PLAN.json

PLAN: {"sheet": "Theo dõi", "header_row": 2, "insert_column_before": 3 (optional, 1-based),
"hide_column": "Ghi chú" (optional), "probe": ["E3", "N5", …] (optional), "edits": [{"id": "KN-2025-001",
"header": "Tình trạng", "text": "…"} or {… "date": "2025-12-28"} or {… "typed": "2025-12-28"}], "save": [["out.xlsx", "Calc MS Excel
2007 XML"], …]}

Cells are found by the row's ID and the column's header, never by position. The workbook is
reloaded from each saved file and its validation checked, so the test knows LibreOffice opened
it without complaint. Prints JSON: {"validations": {header: {type, show_error, formula}},
"summary": the rows of sheet "Tổng hợp" as LibreOffice computes them, after the edits,
"loaded": {"summary": the same rows as LibreOffice shows them on opening the file, before any
edit or recalculation; "cells": {ref: {string, locked, border, wrap, font, size}} for each probed
cell of the sheet, as opened}}.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe: str, profile: str):
    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--invisible", "--norestore",
         "--nologo", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return office, context
        except Exception:  # noqa: BLE001 - not listening yet
            time.sleep(0.25)
    office.kill()
    raise SystemExit("LibreOffice did not start")


def summary_rows(document) -> list[list[str]]:
    sheet = document.Sheets.getByName("Tổng hợp")
    return [[sheet.getCellByPosition(c, r).getString() for c in range(7)] for r in range(3, 60)]


def main() -> None:
    workbook, plan_path = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    plan = json.loads(plan_path.read_text("utf-8"))
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        office, context = connect(f"kiennghi{os.getpid()}", profile)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatch = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        try:
            document = desktop.loadComponentFromURL(workbook.as_uri(), "_blank", 0, (prop("Hidden", True),))
            sheet = document.Sheets.getByName(plan["sheet"])
            loaded = {"summary": summary_rows(document), "cells": {}}
            for ref in plan.get("probe", ()):
                cell = sheet.getCellRangeByName(ref)
                loaded["cells"][ref] = {
                    "string": cell.getString(), "locked": cell.CellProtection.IsLocked,
                    "border": cell.BottomBorder.OuterLineWidth > 0 and cell.LeftBorder.OuterLineWidth > 0,
                    "wrap": cell.IsTextWrapped, "font": cell.CharFontName, "size": cell.CharHeight,
                }
            if sheet.isProtected():
                sheet.unprotect("")  # staff may; the workbook has no password
            if plan.get("insert_column_before"):
                sheet.Columns.insertByIndex(plan["insert_column_before"] - 1, 1)
                sheet.getCellByPosition(plan["insert_column_before"] - 1, plan["header_row"] - 1).setString(
                    "Cột của phòng")
            header = plan["header_row"] - 1
            columns = {}
            for c in range(40):
                text = sheet.getCellByPosition(c, header).getString()
                if text:
                    columns[text] = c
            if plan.get("hide_column"):
                sheet.Columns.getByIndex(columns[plan["hide_column"]]).IsVisible = False
            id_column = columns["Mã ý kiến"]
            rows = {}
            r = header + 1
            while True:
                text = sheet.getCellByPosition(id_column, r).getString()
                if not text and not sheet.getCellByPosition(columns["Nội dung ý kiến, kiến nghị"], r).getString():
                    break
                rows[text] = r
                r += 1
            for edit in plan["edits"]:
                row = rows[edit["id"]] if edit["id"] else r
                cell = sheet.getCellByPosition(columns[edit["header"]], row)
                if "date" in edit:
                    cell.setValue((date.fromisoformat(edit["date"]) - date(1899, 12, 30)).days)
                elif "typed" in edit:  # as typed in the cell: LibreOffice makes a date of a date, formatted
                    document.CurrentController.select(cell)
                    dispatch.executeDispatch(document.CurrentController.Frame, ".uno:EnterString", "", 0,
                                             (prop("StringName", edit["typed"]),))
                else:
                    cell.setString(edit["text"])
            validations = {}
            for name in ("Tình trạng", "Đơn vị chủ trì"):
                validation = sheet.getCellByPosition(columns[name], header + 1).Validation
                validations[name] = {"type": validation.Type.value, "show_error": validation.ShowErrorMessage,
                                     "formula": validation.getFormula1()}
            document.calculateAll()
            summary = summary_rows(document)
            for target, filter_name in plan["save"]:
                document.storeToURL(Path(target).resolve().as_uri(), (prop("FilterName", filter_name),))
            document.close(True)
            for target, _ in plan["save"]:  # each saved file opens again
                reopened = desktop.loadComponentFromURL(Path(target).resolve().as_uri(), "_blank", 0,
                                                        (prop("Hidden", True),))
                reopened.close(True)
            print(json.dumps({"validations": validations, "summary": summary, "loaded": loaded}, ensure_ascii=False))
        finally:
            try:
                desktop.terminate()
            except Exception:  # noqa: BLE001 - the bridge drops as LibreOffice exits
                pass
            office.wait(timeout=60)


if __name__ == "__main__":
    main()
