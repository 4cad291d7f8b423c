# Varnish in front of Newsroom (Varnish 6 or later, with vmod xkey from varnish-modules: Debian's
# `varnish` and `varnish-modules`). See the README, "Production layout".
#
# It keeps what Newsroom marks as shared (`Cache-Control: public, max-age=0, s-maxage=N`) for N
# seconds, indexed by the surrogate keys in its `Surrogate-Key` header, and drops those pages when
# the site sends `PURGE` with the keys in an `xkey` header (a removal: gone at once) or `xkey-soft`
# (a change: served at most `grace` longer while the new page is fetched), as website/edge_cache.py
# does once a change is committed (NEWSROOM_EDGE_PURGE_URLS). Everything else goes to the site.
vcl 4.1;

import xkey;

# Newsroom's gunicorn (`make serve`); with several app machines, a director over their backends.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the app machines. Add their private addresses.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey) {
            set req.http.n-gone = xkey.purge(req.http.xkey);
        } elsif (req.http.xkey-soft) {
            set req.http.n-gone = xkey.softpurge(req.http.xkey-soft);
        } else {
            return (synth(400, "Name the keys to purge in an xkey or xkey-soft header"));
        }
        return (synth(200, "Invalidated " + req.http.n-gone + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # A reader's own parts of a page (their form token, saved details and waiting comments) come
    # from /comments/, which reads their cookies (newsroom_pending, newsroom_commenter, and the
    # proof of a confirmed address, newsroom_address, whose path is /comments/) and is private.
    if (req.url ~ "^/comments/") {
        return (pass);
    }
    # Logged-in staff (the session cookie) get pages made for them: never from the cache, never
    # into it (website/middleware.py, reads_private_page).
    if (req.http.Cookie ~ "(^|;\s*)sessionid=" || req.http.Authorization) {
        return (pass);
    }
    # No other cookie changes a public page: every other reader gets the same one.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Only what the site shares: never a response that sets a cookie, is private, or says nothing.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "private|no-store"
        || beresp.http.Cache-Control !~ "s-maxage" || beresp.ttl <= 0s) {
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
        return (deliver);
    }
    set beresp.http.xkey = beresp.http.Surrogate-Key;
    # A changed page (soft purge) may be served this much longer while the new one is fetched.
    set beresp.grace = 2s;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
}
