"""Page weight: the CSS and JavaScript bytes a page loads (stylesheets, scripts and the files they pull in).

Run against a running Tovholder (e.g. `make run`):
    .venv/bin/python scripts/page_weight.py http://127.0.0.1:8000 skp1 / /borgere/
Logs in as the user (demo password), fetches each page and sums the bytes of the <link rel=stylesheet>
and <script src> files it names; fonts and images a stylesheet names are counted separately.
"""

import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request

PASSWORD = "Tovholder-demo-2026"


def main(base: str, username: str, paths: list[str]) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = opener.open(base + "/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username,
                                   "password": PASSWORD}).encode()
    opener.open(urllib.request.Request(base + "/login/", data=data, headers={"Referer": base + "/login/"}))
    for path in paths:
        html = opener.open(base + path).read().decode()
        css = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
        js = re.findall(r'<script[^>]+src="([^"]+)"', html)
        sizes = {}
        for url in css + js:
            sizes[url] = len(opener.open(urllib.parse.urljoin(base + path, url)).read())
        total_css = sum(sizes[u] for u in css)
        total_js = sum(sizes[u] for u in js)
        print(f"{path}: HTML {len(html.encode())} B, CSS {total_css} B, JS {total_js} B, "
              f"CSS+JS {total_css + total_js} B")
        for url, n in sizes.items():
            print(f"  {n:>8} {url}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:] or ["/"])
