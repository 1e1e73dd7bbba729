#!/usr/bin/env python3
"""Edit the shared UI strings in all three languages at once.

  tools/resx.py set KEY "az text" "ru text" "en text"   add or replace a string
  tools/resx.py get KEY                                 print it in each language
  tools/resx.py check                                   every key present in all three files

The .resx files under src/Komis.Web/Resources are the source of truth; this only edits them.
"""
import os, sys
import xml.etree.ElementTree as ET

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "Komis.Web", "Resources")
FILES = {"az": "SharedResource.resx", "ru": "SharedResource.ru.resx", "en": "SharedResource.en.resx"}
HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""

def load(lang):
    path = os.path.join(ROOT, FILES[lang])
    if not os.path.exists(path):
        return {}
    tree = ET.parse(path)
    return {d.get("name"): (d.findtext("value") or "") for d in tree.getroot().findall("data")}

def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

def save(lang, data):
    path = os.path.join(ROOT, FILES[lang])
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER)
        for k in sorted(data):
            f.write(f'  <data name="{esc(k)}" xml:space="preserve"><value>{esc(data[k])}</value></data>\n')
        f.write("</root>\n")

def main(argv):
    if len(argv) >= 2 and argv[1] == "set" and len(argv) == 6:
        for lang, text in zip(["az", "ru", "en"], argv[3:6]):
            d = load(lang); d[argv[2]] = text; save(lang, d)
        return 0
    if len(argv) == 3 and argv[1] == "get":
        for lang in FILES:
            print(f"{lang}: {load(lang).get(argv[2], '<missing>')}")
        return 0
    if len(argv) == 2 and argv[1] == "check":
        keys = [set(load(l)) for l in FILES]
        allk = set().union(*keys)
        bad = [(l, sorted(allk - k)) for l, k in zip(FILES, keys) if allk - k]
        for l, missing in bad:
            print(f"{FILES[l]} lacks: {', '.join(missing)}")
        return 1 if bad else 0
    if len(argv) == 3 and argv[1] == "load":  # bulk: TSV lines KEY<TAB>az<TAB>ru<TAB>en
        data = {l: load(l) for l in FILES}
        with open(argv[2], encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                k, az, ru, en = line.split("\t")
                data["az"][k], data["ru"][k], data["en"][k] = az, ru, en
        for l in FILES:
            save(l, data[l])
        return 0
    print(__doc__)
    return 2

if __name__ == "__main__":
    sys.exit(main(sys.argv))
