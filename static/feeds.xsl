<?xml version="1.0" encoding="utf-8"?>
<!-- Renders the site's RSS and Atom feeds as a page a person can read, when a browser opens one.
     Feed readers ignore it. The page keeps to the site's stylesheet (the feeds' Content-Security-
     Policy allows no inline style or script). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="about" select="/rss/channel/description | /atom:feed/atom:subtitle"/>
  <xsl:variable name="site" select="/rss/channel/link | /atom:feed/atom:link[not(@rel) or @rel='alternate']/@href"/>
  <xsl:variable name="address" select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/> (web feed)</title>
        <link rel="stylesheet" href="/static/css/site.css"/>
      </head>
      <body>
        <header class="site-header">
          <div class="wrap header-row"><a class="brand" href="{$site}"><xsl:value-of select="$title"/></a></div>
        </header>
        <main id="main" class="wrap feed-page">
          <section class="feed-about" aria-labelledby="feed-about-title">
            <h1 id="feed-about-title">This is a web feed</h1>
            <p class="standfirst"><xsl:value-of select="$about"/></p>
            <p>A feed brings every new story to your feed reader as soon as it is published, without
              an account, an e-mail address or tracking. To subscribe, copy this page's address into
              a feed reader (NetNewsWire, Feeder, Thunderbird, Inoreader, Feedly and many more).</p>
            <p class="feed-address"><label for="feed-address">Feed address</label>
              <input id="feed-address" type="url" readonly="readonly" value="{$address}"/></p>
            <p><a href="{$site}">Back to the website</a></p>
          </section>
          <section aria-labelledby="feed-items-title">
            <h2 id="feed-items-title" class="block-title">What this feed holds now</h2>
            <div class="headlines feed-items">
              <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
            </div>
          </section>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <article class="card card-plain">
      <h3 class="card-title"><a href="{link}"><xsl:value-of select="title"/></a></h3>
      <div class="card-standfirst"><xsl:value-of select="description" disable-output-escaping="yes"/></div>
      <p class="meta"><xsl:value-of select="substring(pubDate, 1, 16)"/></p>
    </article>
  </xsl:template>

  <xsl:template match="atom:entry">
    <article class="card card-plain">
      <h3 class="card-title"><a href="{atom:link[not(@rel) or @rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h3>
      <div class="card-standfirst"><xsl:value-of select="atom:summary" disable-output-escaping="yes"/></div>
      <p class="meta"><time datetime="{atom:published}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time></p>
    </article>
  </xsl:template>
</xsl:stylesheet>
