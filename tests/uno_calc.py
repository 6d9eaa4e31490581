"""Open, edit and save tables in LibreOffice Calc as a reviewer would (run by Debian's /usr/bin/python3).

    /usr/bin/python3 tests/uno_calc.py PROFILE_DIR PLAN.json

One office serves every job: LibreOffice takes seconds to start. PLAN is a list
of jobs, done in order:

    {"source": path, "import": CSV import options or null,
     "target": path, "filter": export filter name, "options": export options,
     "edits": [[cell, text], ...]}

A CSV is opened with the "Text - txt - csv (StarCalc)" filter and the import
options (the Text Import dialog's settings, the string `soffice --infilter`
takes); the document is saved with the export filter and options (those of
`soffice --convert-to`). Loading and storing with those filter properties is
what `soffice --headless --convert-to` itself does.

An edit types TEXT into CELL (an address like F5) through the dispatcher's
`.uno:GoToCell` and `.uno:EnterString`, the path keyboard entry takes: Calc
interprets the text as it would from the keyboard, by the cell's number format
(a Text cell keeps `=SUM(A1)` or `1/2` as typed; a General cell makes them a
formula and a date). A TEXT of null is pressing F2, then Enter: the cell's own
input-line text (XCell.getFormula, which adds the ' Calc's input line shows
before a text that would otherwise be read as a number) is entered again.
"""

import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

CONNECT_SECONDS = 90
CSV_IMPORT_FILTER = "Text - txt - csv (StarCalc)"


def prop(name, value):
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def start_office(profile):
    pipe = f"align-uno-{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation=file://{os.path.abspath(profile)}", "--headless", "--invisible",
         "--nologo", "--norestore", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            return office, resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if time.monotonic() > deadline or office.poll() is not None:
                office.kill()
                raise SystemExit("LibreOffice did not start")
            time.sleep(0.2)


def run_job(context, desktop, job):
    load = (prop("FilterName", CSV_IMPORT_FILTER), prop("FilterOptions", job["import"])) if job.get("import") else ()
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(job["source"])), "_blank", 0, load)
    if document is None:
        raise SystemExit(f"LibreOffice could not open {job['source']}")
    try:
        edits = job.get("edits") or []
        if edits:
            sheet = document.Sheets.getByIndex(0)
            frame = document.CurrentController.Frame
            dispatcher = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
            for address, text in edits:
                if text is None:
                    text = sheet.getCellRangeByName(address).getFormula()
                dispatcher.executeDispatch(frame, ".uno:GoToCell", "", 0, (prop("ToPoint", address),))
                dispatcher.executeDispatch(frame, ".uno:EnterString", "", 0, (prop("StringName", text),))
        store = [prop("FilterName", job["filter"])]
        if job.get("options"):
            store.append(prop("FilterOptions", job["options"]))
        document.storeToURL(uno.systemPathToFileUrl(os.path.abspath(job["target"])), tuple(store))
    finally:
        document.close(True)


def main(profile, plan_path):
    with open(plan_path, encoding="utf-8") as handle:
        plan = json.load(handle)
    office, context = start_office(profile)
    try:
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        for job in plan:
            run_job(context, desktop, job)
        try:
            desktop.terminate()
        except Exception:  # the bridge goes down with the office
            pass
        office.wait(timeout=30)
    finally:
        if office.poll() is None:
            office.kill()


if __name__ == "__main__":
    main(*sys.argv[1:])
