"""The web-server configurations ``gradkg publish`` writes beside the static site, for Apache and nginx.

They restore what ``gradkg serve`` does for the same URLs: content negotiation by Accept (RDF
syntaxes) and Accept-Language (``x.en.html`` for English), and caching — the servers' own ETag and
Last-Modified for each file, Cache-Control, and gzip. tests/test_webservers.py runs both with
Debian's nginx and apache2 on loopback. nginx allows ``map`` only in the ``http`` block and
``location`` only in a ``server`` block, so its configuration is two files, one for each.
"""

from __future__ import annotations

COMPRESSED_TYPES = (
    "text/html text/css application/javascript application/xml text/turtle application/ld+json "
    "application/n-triples application/rdf+xml application/trig"
)
CACHE_CONTROL = "public, max-age=300"  # as gradkg serve: five minutes fresh, then revalidated

_ALTERNATES = (
    ("ttl", "text/turtle"),
    ("jsonld", "application/ld+json"),
    ("trig", "application/trig"),
    ("nt", "application/n-triples"),
    ("rdf", "application/rdf+xml"),
)


def _link(resource: str, quote: str) -> str:
    """A Link header naming every representation of the resource at ``resource`` (a server variable)."""
    links = [
        f"<{resource}.{ext}>; rel={quote}alternate{quote}; type={quote}{media}{quote}" for ext, media in _ALTERNATES
    ]
    links += [
        f"<{resource}.html>; rel={quote}alternate{quote}; type={quote}text/html{quote}; hreflang={quote}zh{quote}"
    ]
    links += [
        f"<{resource}.en.html>; rel={quote}alternate{quote}; type={quote}text/html{quote}; hreflang={quote}en{quote}"
    ]
    return ", ".join(links)


# the resource a request names (/id/x for /id/x, /id/x.ttl, /id/x.en.html?…), from the request line: the
# rewrites above change every other variable that holds the path
APACHE_RESOURCE = r"m#^[A-Z]+ (/id/[^? ]*?)(\.(ttl|jsonld|trig|nt|rdf|html|en\.html))?(\?[^ ]*)? #"
APACHE_LINK = _link("%{GRADKG_RESOURCE}e", '\\"')
NGINX_LINK = _link("$gradkg_resource", '"')

HTACCESS = f"""# gradkg's static site on Apache (mod_rewrite, mod_headers, mod_mime, mod_deflate; AllowOverride All):
# /id/x serves x.ttl, x.jsonld … by Accept, x.en.html or x.html by Accept-Language. Apache sends each
# file's ETag and Last-Modified and answers If-None-Match / If-Modified-Since with 304 itself.
RewriteEngine On
RewriteCond %{{HTTP_ACCEPT}} text/turtle
RewriteCond %{{REQUEST_FILENAME}}.ttl -f
RewriteRule ^(.+)$ $1.ttl [L,T=text/turtle]
RewriteCond %{{HTTP_ACCEPT}} application/ld\\+json
RewriteCond %{{REQUEST_FILENAME}}.jsonld -f
RewriteRule ^(.+)$ $1.jsonld [L,T=application/ld+json]
RewriteCond %{{HTTP_ACCEPT}} application/trig
RewriteCond %{{REQUEST_FILENAME}}.trig -f
RewriteRule ^(.+)$ $1.trig [L,T=application/trig]
RewriteCond %{{HTTP_ACCEPT}} application/n-triples
RewriteCond %{{REQUEST_FILENAME}}.nt -f
RewriteRule ^(.+)$ $1.nt [L,T=application/n-triples]
RewriteCond %{{HTTP_ACCEPT}} application/rdf\\+xml
RewriteCond %{{REQUEST_FILENAME}}.rdf -f
RewriteRule ^(.+)$ $1.rdf [L,T=application/rdf+xml]
RewriteCond %{{HTTP:Accept-Language}} ^en
RewriteCond %{{REQUEST_FILENAME}}.en.html -f
RewriteRule ^(.+)$ $1.en.html [L]
RewriteCond %{{REQUEST_FILENAME}}.html -f
RewriteRule ^(.+)$ $1.html [L]
Header merge Vary "Accept, Accept-Language"
Header set Cache-Control "{CACHE_CONTROL}"
SetEnvIfExpr "%{{THE_REQUEST}} =~ {APACHE_RESOURCE}" GRADKG_RESOURCE=$1
Header set Link "{APACHE_LINK}" "expr=-n env('GRADKG_RESOURCE') && %{{CONTENT_TYPE}} !~ m#application/ld\\+json#"
AddOutputFilterByType DEFLATE {COMPRESSED_TYPES}
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType application/trig .trig
AddType application/n-triples .nt
AddType application/rdf+xml .rdf
AddDefaultCharset utf-8
"""

NGINX_HTTP = """# gradkg's static site on nginx, part 1 of 2: include in the http block (nginx allows map only there).
# Accept picks an RDF syntax; otherwise Accept-Language picks the page: x.en.html for English, else x.html.
map $http_accept_language $gradkg_html {
    default ".html";
    "~*^en" ".en.html";
}
map $request_uri $gradkg_resource {  # /id/x for /id/x, /id/x.ttl, /id/x.en.html?…: the name the alternates share
    "~^(?<path>/id/[^?]*?)(\\.(ttl|jsonld|trig|nt|rdf|html|en\\.html))?(\\?.*)?$" $path;
}
map $sent_http_content_type $gradkg_link {  # none on JSON-LD: pyld's loader fails on several alternates
    "~application/ld\\+json" "";
    default '@LINK@';
}
map $http_accept $gradkg_suffix {
    default                     $gradkg_html;
    "~text/turtle"              ".ttl";
    "~application/ld\\+json"     ".jsonld";
    "~application/trig"         ".trig";
    "~application/n-triples"    ".nt";
    "~application/rdf\\+xml"     ".rdf";
}
""".replace("@LINK@", NGINX_LINK)

NGINX_SERVER = f"""# gradkg's static site on nginx, part 2 of 2: include in the server block whose root is the site
# (part 1, nginx-http.conf, goes in the http block). nginx sends each file's ETag and Last-Modified
# and answers If-None-Match / If-Modified-Since with 304 itself.
types {{
    text/html html; text/css css; application/javascript js; application/xml xml; text/plain txt;
    text/turtle ttl; application/ld+json jsonld; application/n-triples nt; application/rdf+xml rdf;
    application/trig trig; application/n-quads nq;
}}
charset utf-8;
charset_types text/css application/javascript text/turtle application/ld+json application/n-triples application/trig;
gzip on;
gzip_vary on;
gzip_types {COMPRESSED_TYPES};
etag on;
index index.html;
location / {{
    add_header Vary "Accept, Accept-Language" always;
    add_header Cache-Control "{CACHE_CONTROL}" always;
    try_files $uri$gradkg_suffix $uri $uri/ =404;
}}
location /id/ {{
    add_header Vary "Accept, Accept-Language" always;
    add_header Cache-Control "{CACHE_CONTROL}" always;
    add_header Link $gradkg_link always;
    try_files $uri$gradkg_suffix $uri $uri/ =404;
}}
"""
