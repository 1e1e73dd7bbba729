#!/usr/bin/env python3
"""Signs bench users in over HTTP, the way a browser does, and writes what wrk needs to replay their sessions.

  sessions.py hash PASSWORD                       an ASP.NET Core Identity V3 password hash (PBKDF2-HMAC-SHA512, 100,000 rounds)
  sessions.py citizens URL COUNT OUT              signs COUNT bench subscribers in; OUT gets one "code<TAB>cookie" line each
  sessions.py tellers URL COUNT TOTP_KEY OUT      signs COUNT bench tellers in (password + TOTP); OUT gets "cookie<TAB>antiforgery token"
  sessions.py refresh URL PATH FILE COLUMN        visits PATH once with each session of FILE and keeps the cookies the server renews

wrk replays the cookies it is given and never stores the ones a response sets. A browser does: when a session's
30-second check of its login has run, the server sends a renewed cookie and the browser presents that one. `refresh`
does the same before each measured round, so a round sees what browsers send (each session checked at most every
30 seconds), not a check on every request.

The bench password is read from the environment (KOMIS_BENCH_PASSWORD), never from the command line or a file.
"""
import base64
import hashlib
import hmac
import http.cookiejar
import os
import re
import struct
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

SUBSCRIBERS = 100_000


def identity_v3_hash(password: str) -> str:
    salt = os.urandom(16)
    subkey = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, 100_000, 32)
    blob = b"\x01" + struct.pack(">III", 2, 100_000, len(salt)) + salt + subkey
    return base64.b64encode(blob).decode()


def luhn_digit(payload: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def subscriber_code(i: int) -> str:
    payload = str(900_000_000 + i)
    return payload + str(luhn_digit(payload))


def totp(key_base32: str, at: float) -> str:
    key = base64.b32decode(key_base32 + "=" * (-len(key_base32) % 8), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie jar and a form poster; antiforgery tokens are taken from the page as a browser would."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, path: str, form: dict | None = None) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        req = urllib.request.Request(self.base + path, data=data, headers={"Accept-Language": "az"})
        try:
            with self.opener.open(req, timeout=60) as r:
                return r.status, r.headers.get("Location", ""), r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Location", ""), e.read().decode("utf-8", "replace")

    def token(self, path: str) -> str:
        status, _, body = self.request(path)
        match = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', body) or \
            re.search(r'value="([^"]+)"[^>]*name="__RequestVerificationToken"', body)
        if status != 200 or not match:
            raise RuntimeError(f"GET {path}: {status}, no antiforgery token")
        return match.group(1)

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def sign_in_citizen(base: str, password: str, i: int) -> str:
    b = Browser(base)
    code = subscriber_code(i)
    token = b.token("/odenis-xidmetleri/giris")
    status, location, _ = b.request("/odenis-xidmetleri/giris", {"Code": code, "Password": password, "__RequestVerificationToken": token})
    if status != 302 or "kabinet" not in location:
        raise RuntimeError(f"citizen {i}: sign-in answered {status} {location}")
    status, _, body = b.request("/kabinet")
    if status != 200 or code[:2] not in body:
        raise RuntimeError(f"citizen {i}: /kabinet answered {status}")
    return f"{code}\t{b.cookie_header()}"


def sign_in_teller(base: str, password: str, key: str, t: int) -> str:
    b = Browser(base)
    name = f"bench.kassir.{t:02d}"
    token = b.token("/staff/giris")
    status, location, _ = b.request("/staff/giris", {"userName": name, "password": password, "__RequestVerificationToken": token})
    if status != 302 or not location.endswith("/staff/2fa"):
        raise RuntimeError(f"teller {t}: password step answered {status} {location}")
    token = b.token("/staff/2fa")
    status, location, _ = b.request("/staff/2fa", {"code": totp(key, time.time()), "__RequestVerificationToken": token})
    if status != 302 or location != "/staff":
        raise RuntimeError(f"teller {t}: TOTP step answered {status} {location}")
    # The cash form's token: the same one every form of this session carries.
    form_token = b.token("/staff/kassa/hesab?biller=AZERIQAZ&number=7000000000")
    return f"{b.cookie_header()}\t{form_token}"


def refresh(base: str, path: str, line: str, column: int) -> str:
    fields = line.split("\t")
    cookies = dict(part.split("=", 1) for part in fields[column].split("; ") if "=" in part)
    req = urllib.request.Request(base.rstrip("/") + path, headers={"Cookie": fields[column]})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=60) as r:
            status, set_cookies = r.status, r.headers.get_all("Set-Cookie") or []
    except urllib.error.HTTPError as e:
        status, set_cookies = e.code, e.headers.get_all("Set-Cookie") or []
    if status != 200:
        raise RuntimeError(f"GET {path}: {status}")
    for header in set_cookies:
        name, value = header.split(";", 1)[0].split("=", 1)
        cookies[name] = value
    fields[column] = "; ".join(f"{k}={v}" for k, v in cookies.items() if v)
    return "\t".join(fields)


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "hash":
        print(identity_v3_hash(argv[1]))
        return 0
    if len(argv) == 5 and argv[0] == "refresh":
        base, path, file, column = argv[1], argv[2], argv[3], int(argv[4])
        with open(file, encoding="utf-8") as f:
            lines = [l for l in f.read().splitlines() if l]
        with ThreadPoolExecutor(max_workers=4) as pool:
            lines = list(pool.map(lambda l: refresh(base, path, l, column), lines))
        with open(file, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        return 0
    password = os.environ.get("KOMIS_BENCH_PASSWORD", "")
    if not password:
        print("KOMIS_BENCH_PASSWORD is not set", file=sys.stderr)
        return 2
    if len(argv) == 4 and argv[0] == "citizens":
        base, count, out = argv[1], int(argv[2]), argv[3]
        step = SUBSCRIBERS // count
        with ThreadPoolExecutor(max_workers=4) as pool:
            lines = list(pool.map(lambda k: sign_in_citizen(base, password, k * step), range(count)))
    elif len(argv) == 5 and argv[0] == "tellers":
        base, count, key, out = argv[1], int(argv[2]), argv[3], argv[4]
        with ThreadPoolExecutor(max_workers=4) as pool:
            lines = list(pool.map(lambda t: sign_in_teller(base, password, key, t), range(1, count + 1)))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
