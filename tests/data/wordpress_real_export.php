<?php
/*
 * Makes tests/data/wordpress_real_export.xml: a fresh WordPress (Debian bookworm's package, 6.1.9)
 * is installed, given a small local-news site through WordPress's own PHP API, and exported by
 * WordPress's own exporter (export_wp(), what Tools → Export runs). The file is written as is.
 *
 * To make it again (as root on Debian bookworm; a private MariaDB in /tmp/wp, stopped at the end):
 *   apt-get install -y wordpress php-cli php-mysql php-gd mariadb-server
 *   mkdir -p /tmp/wp/db /tmp/wp/run && cp -a /usr/share/wordpress /tmp/wp/site
 *   mariadb-install-db --no-defaults --datadir=/tmp/wp/db --user=root
 *   mariadbd --no-defaults --datadir=/tmp/wp/db --socket=/tmp/wp/run/mysqld.sock \
 *     --pid-file=/tmp/wp/run/mysqld.pid --skip-networking --user=root &
 *   mariadb --no-defaults -S /tmp/wp/run/mysqld.sock -uroot -e "CREATE DATABASE wordpress
 *     CHARACTER SET utf8mb4; CREATE USER wp@localhost IDENTIFIED BY 'wp'; GRANT ALL ON wordpress.* TO wp@localhost"
 *   php tests/data/wordpress_real_export.php /tmp/wp/site tests/data/wordpress_real_export.xml
 *   kill "$(cat /tmp/wp/run/mysqld.pid)"
 * The database must be empty (the script installs WordPress). WP_DB_HOST, WP_DB_NAME, WP_DB_USER
 * and WP_DB_PASSWORD override the defaults below. Ids and dates come out the same on every run,
 * except the export's time stamps, the attachment's modified time and the binned comment's time.
 */

if ( PHP_SAPI !== 'cli' || $argc !== 3 ) {
	fwrite( STDERR, "usage: php wordpress_real_export.php WORDPRESS_DIR OUTPUT.xml\n" );
	exit( 2 );
}

// What wp-config.php would say; no wp-config.php is needed in WORDPRESS_DIR.
define( 'ABSPATH', rtrim( realpath( $argv[1] ), '/' ) . '/' );
define( 'DB_HOST', getenv( 'WP_DB_HOST' ) ?: 'localhost:/tmp/wp/run/mysqld.sock' );
define( 'DB_NAME', getenv( 'WP_DB_NAME' ) ?: 'wordpress' );
define( 'DB_USER', getenv( 'WP_DB_USER' ) ?: 'wp' );
define( 'DB_PASSWORD', getenv( 'WP_DB_PASSWORD' ) ?: 'wp' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
define( 'WP_HOME', 'https://valley-courier.example' );
define( 'WP_SITEURL', 'https://valley-courier.example' );
define( 'WP_CONTENT_URL', WP_SITEURL . '/wp-content' ); // else fixed before the install sets siteurl
foreach ( array( 'AUTH', 'SECURE_AUTH', 'LOGGED_IN', 'NONCE' ) as $scheme ) {
	define( "{$scheme}_KEY", 'throw-away site' );
	define( "{$scheme}_SALT", 'throw-away site' );
}
define( 'DISABLE_WP_CRON', true );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', false ); // notices go to stderr, never into the export
define( 'WP_DEBUG_LOG', '/dev/stderr' );
define( 'WP_INSTALLING', true );
$table_prefix = 'wp_';
$_SERVER['HTTP_HOST']   = 'valley-courier.example';
$_SERVER['REQUEST_URI'] = '/';

// No network: WordPress's install checks its own permalinks over HTTP. No e-mail either.
$wp_filter = array(
	'pre_http_request' => array(
		10 => array(
			array(
				'function'      => function () {
					return new WP_Error( 'offline', 'This throw-away site has no network.' );
				},
				'accepted_args' => 1,
			),
		),
	),
);
function wp_mail() {
	return true;
}

require ABSPATH . 'wp-settings.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
require_once ABSPATH . 'wp-admin/includes/media.php';
require_once ABSPATH . 'wp-admin/includes/export.php';

function courier_must( $result ) {
	if ( is_wp_error( $result ) || ! $result ) {
		fwrite( STDERR, 'WordPress refused: ' . ( is_wp_error( $result ) ? $result->get_error_message() : var_export( $result, true ) ) . "\n" );
		exit( 1 );
	}
	return $result;
}

if ( is_blog_installed() ) {
	fwrite( STDERR, "The database already holds a WordPress site; start from an empty one.\n" );
	exit( 1 );
}

// --- The site, its two writers --------------------------------------------------------------

$installed = courier_must( wp_install( 'Valley Courier', 'hmorgan', 'hannah.morgan@valley-courier.example', true, '', 'not-a-real-password-1' ) );
wp_installing( false );
update_option( 'blogdescription', 'News from the Ashby valley' );
update_option( 'timezone_string', 'Europe/London' );
update_option( 'gmt_offset', '' );
update_option( 'thread_comments_depth', 5 );
$wp_rewrite->set_permalink_structure( '/%year%/%monthnum%/%day%/%postname%/' );

// WordPress's sample post (with its comment), sample page and privacy page: removed, as most sites do.
foreach ( get_posts( array( 'post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1 ) ) as $sample ) {
	wp_delete_post( $sample->ID, true );
}

$hannah = (int) $installed['user_id'];
courier_must( wp_update_user( wp_slash( array(
	'ID'           => $hannah,
	'first_name'   => 'Hannah',
	'last_name'    => 'Morgan',
	'display_name' => 'Hannah Morgan',
	'nickname'     => 'Hannah',
) ) ) );
$zoe = courier_must( wp_insert_user( wp_slash( array(
	'user_login'   => 'zangstrom',
	'user_pass'    => 'not-a-real-password-2',
	'user_email'   => 'zoe.angstrom@valley-courier.example',
	'first_name'   => 'Zoë',
	'last_name'    => 'Ångström',
	'display_name' => 'Zoë Ångström',
	'nickname'     => 'Zoë',
	'role'         => 'author', // no unfiltered_html: WordPress runs kses on what she saves
) ) ) );

// --- Categories (one a child of another) and tags ------------------------------------------

$local_news = courier_must( wp_insert_term( 'Local News', 'category', array( 'slug' => 'local-news' ) ) )['term_id'];
$transport  = courier_must( wp_insert_term( 'Roads & Transport', 'category', array( 'parent' => $local_news ) ) )['term_id'];
$arts       = courier_must( wp_insert_term( 'Arts', 'category', array( 'description' => 'Galleries, music, theatre and food.' ) ) )['term_id'];
foreach ( array( 'River Ashby', 'Café culture', 'Council budget' ) as $tag ) {
	courier_must( wp_insert_term( $tag, 'post_tag' ) );
}

function courier_post( $author, $fields, $tags = array() ) {
	wp_set_current_user( $author ); // kses applies as it would to this writer in the editor
	$id = courier_must( wp_insert_post( wp_slash( $fields + array( 'post_author' => $author ) ), true ) );
	if ( $tags ) {
		courier_must( wp_set_post_terms( $id, $tags, 'post_tag' ) );
	}
	return $id;
}

// --- A photo, uploaded to the Media Library ------------------------------------------------

wp_set_current_user( $hannah );
$uploads = wp_upload_dir( '2024/03' );
courier_must( wp_mkdir_p( $uploads['path'] ) );
$photo  = $uploads['path'] . '/ashby-footbridge.jpg';
$canvas = imagecreatetruecolor( 1200, 800 );
imagefilledrectangle( $canvas, 0, 0, 1199, 499, imagecolorallocate( $canvas, 150, 190, 220 ) );
imagefilledrectangle( $canvas, 0, 500, 1199, 799, imagecolorallocate( $canvas, 40, 90, 60 ) );
imagefilledrectangle( $canvas, 100, 430, 1099, 470, imagecolorallocate( $canvas, 90, 70, 50 ) );
imagejpeg( $canvas, $photo, 80 );
$attachment = courier_must( wp_insert_attachment( wp_slash( array(
	'post_author'    => $hannah,
	'post_title'     => 'Ashby footbridge',
	'post_excerpt'   => 'The footbridge on its first morning',
	'post_content'   => '',
	'post_status'    => 'inherit',
	'post_mime_type' => 'image/jpeg',
	'post_date'      => '2024-03-12 06:55:00',
	'guid'           => $uploads['url'] . '/ashby-footbridge.jpg',
) ), $photo, 0, true ) );
wp_update_attachment_metadata( $attachment, wp_generate_attachment_metadata( $attachment, $photo ) );
update_post_meta( $attachment, '_wp_attachment_image_alt', 'The repaired footbridge over the River Ashby' );
// What the classic editor's "Insert into post" writes: [caption]<img …> caption[/caption].
$captioned = get_image_send_to_editor( $attachment, 'The footbridge on its first morning', '', 'center', '', false, 'medium', 'The repaired footbridge over the River Ashby' );

// --- Posts ---------------------------------------------------------------------------------

// Published, classic editor (paragraphs are blank lines, no <p>), sticky, with a featured image.
$footbridge = courier_post( $hannah, array(
	'post_title'     => 'Ashby footbridge reopens after flood repairs',
	'post_name'      => 'ashby-footbridge-reopens',
	'post_excerpt'   => 'Eleven months and £1.2m later, walkers can cross the Ashby again.',
	'post_status'    => 'publish',
	'post_date'      => '2024-03-12 07:45:00',
	'post_category'  => array( $local_news, $transport ),
	'post_content'   => "The footbridge over the River Ashby reopened at seven this morning, eleven months after the February floods tore away its central span.\nWalkers were waiting on both banks before the barriers came down.\n\n<!--more-->\n\n$captioned\n\nThe county council spent <strong>£1.2 million</strong> on the repairs, which include a higher deck and new steel piers. \"It should cope with a hundred-year flood,\" said the engineer, Ruth Adeyemi.\n\nRead our <a href=\"https://valley-courier.example/2023/02/20/ashby-floods/\">report on the floods</a> from last year.",
), array( 'River Ashby' ) );
set_post_thumbnail( $footbridge, $attachment );
stick_post( $footbridge );
courier_must( wp_update_post( array( 'ID' => $attachment, 'post_parent' => $footbridge ) ) ); // "Attach" in the Media Library

// Published, block editor.
$cafe = courier_post( $zoe, array(
	'post_title'    => 'Café on the Quay wins regional award',
	'post_status'   => 'publish',
	'post_date'     => '2024-06-05 14:20:00',
	'post_category' => array( $arts ),
	'post_content'  => "<!-- wp:paragraph -->\n<p>The Café on the Quay has been named the best independent café in the region by the Valley Food Guide.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:heading -->\n<h2>A family business</h2>\n<!-- /wp:heading -->\n\n<!-- wp:paragraph -->\n<p>Owner Marta Kowalczyk opened it in 2019 with her brother; the judges praised her <em>sernik</em> and the view of the river.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><!-- wp:paragraph -->\n<p>We never expected this. We just bake what our mother baked.</p>\n<!-- /wp:paragraph --><cite>Marta Kowalczyk</cite></blockquote>\n<!-- /wp:quote -->",
), array( 'Café culture', 'River Ashby' ) );

// Published, classic editor, by the writer without unfiltered_html ("&" is stored as &amp;).
$budget = courier_post( $zoe, array(
	'post_title'    => 'Council budget: libraries & pools stay open',
	'post_status'   => 'publish',
	'post_date'     => '2024-02-28 18:00:00',
	'post_excerpt'  => 'Council tax rises 4.99% & no branch library closes.',
	'post_category' => array( $local_news ),
	'post_content'  => "Ashby district council approved its budget for 2024–25 on Wednesday night by 31 votes to 12.\n\nCouncil tax will rise by 4.99%, the most allowed without a referendum. The three branch libraries and both swimming pools stay open, but opening hours at Netherby library will be cut to four days a week.",
), array( 'Council budget' ) );

courier_post( $hannah, array(
	'post_title'    => 'Flood defences: what the survey found',
	'post_status'   => 'draft',
	'post_date'     => '2024-06-20 10:00:00',
	'post_category' => array( $local_news ),
	'post_content'  => 'Notes from the Environment Agency survey. To be finished once the report is public.',
), array( 'River Ashby' ) );

courier_post( $zoe, array(
	'post_title'    => 'Open studios weekend across the valley',
	'post_status'   => 'pending',
	'post_date'     => '2024-06-21 09:30:00',
	'post_category' => array( $arts ),
	'post_content'  => 'Twenty-four artists open their workshops to visitors on the last weekend of June.',
) );

courier_post( $hannah, array(
	'post_title'   => 'Preview: the Ashby Show returns',
	'post_status'  => 'future',
	'post_date'    => '2099-07-18 09:00:00', // far ahead, so that it stays scheduled
	'post_content' => 'Sheep, tractors and the best marrow in the valley: the Ashby Show is back on the common.',
) );

courier_post( $hannah, array(
	'post_title'   => 'Newsroom rota for the summer',
	'post_status'  => 'private',
	'post_date'    => '2024-05-02 08:00:00',
	'post_content' => 'Hannah on holiday 1–14 August; Zoë covers the council meetings.',
) );

courier_post( $hannah, array(
	'post_type'      => 'page',
	'post_title'     => 'About the Courier',
	'post_status'    => 'publish',
	'post_date'      => '2023-09-01 12:00:00',
	'comment_status' => 'closed',
	'post_content'   => 'The Valley Courier has reported on the Ashby valley since 1952.',
) );

// --- Comments ------------------------------------------------------------------------------

function courier_comment( $post, $fields, $user = 0 ) {
	wp_set_current_user( $user );
	$fields += array(
		'comment_post_ID'    => $post,
		'comment_author_url' => '',
		'comment_approved'   => 1,
		'comment_parent'     => 0,
		'comment_type'       => 'comment',
		'comment_agent'      => 'Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0',
		'user_id'            => $user,
	);
	// As wp_new_comment() would: the reader's input filtered (kses, rel="nofollow ugc"), then saved.
	return courier_must( wp_insert_comment( wp_filter_comment( wp_slash( $fields ) ) ) );
}

$margaret = courier_comment( $footbridge, array(
	'comment_author'       => 'Margaret Ellis',
	'comment_author_email' => 'reader1@example.org',
	'comment_author_url'   => 'https://margaret-ellis.example',
	'comment_author_IP'    => '192.0.2.21',
	'comment_date'         => '2024-03-12 09:10:00',
	'comment_content'      => 'At last! I have walked the long way round by the road bridge every day since last February.',
) );
$tomas = courier_comment( $footbridge, array(
	'comment_author'       => 'Tomás Ó Briain',
	'comment_author_email' => 'reader2@example.org',
	'comment_author_IP'    => '2001:db8::21',
	'comment_date'         => '2024-03-12 10:02:00',
	'comment_parent'       => $margaret,
	'comment_content'      => 'Same here, Margaret. Twenty minutes saved each way.',
) );
$priya = courier_comment( $footbridge, array(
	'comment_author'       => 'Priya Shah',
	'comment_author_email' => 'reader3@example.org',
	'comment_author_url'   => 'https://priya-runs.example',
	'comment_author_IP'    => '192.0.2.33',
	'comment_date'         => '2024-03-12 11:30:00',
	'comment_parent'       => $tomas,
	'comment_content'      => "Is it open to bikes too?\nThe sign on the east bank says walkers only.",
) );
courier_comment( $footbridge, array(
	'comment_author'       => 'Dave Kerr',
	'comment_author_email' => 'reader4@example.org',
	'comment_author_IP'    => '192.0.2.44',
	'comment_date'         => '2024-03-12 12:15:00',
	'comment_parent'       => $priya,
	'comment_content'      => 'Bikes have to be pushed across, according to the council.',
) );
courier_comment( $footbridge, array(
	'comment_author'       => 'Gareth Lloyd',
	'comment_author_email' => 'reader5@example.org',
	'comment_author_IP'    => '192.0.2.55',
	'comment_date'         => '2024-03-12 13:40:00',
	'comment_approved'     => 0,
	'comment_content'      => 'Waiting for moderation: who paid for the new piers?',
) );
$spam = courier_comment( $footbridge, array(
	'comment_author'       => 'Cheap Watches',
	'comment_author_email' => 'reader6@example.org',
	'comment_author_url'   => 'http://cheap-watches.example',
	'comment_author_IP'    => '203.0.113.66',
	'comment_date'         => '2024-03-12 14:00:00',
	'comment_content'      => 'Best replica watches, visit <a href="http://cheap-watches.example">our shop</a>!',
) );
courier_must( wp_spam_comment( $spam ) );
courier_comment( $footbridge, array(
	'comment_author'       => 'Ashby Walkers',
	'comment_author_email' => '',
	'comment_author_url'   => 'https://ashby-walkers.example/2024/03/12/bridge-open/',
	'comment_author_IP'    => '198.51.100.7',
	'comment_date'         => '2024-03-12 15:00:00',
	'comment_type'         => 'pingback',
	'comment_agent'        => 'WordPress/6.1.9; https://ashby-walkers.example',
	'comment_content'      => '[&#8230;] the footbridge is open again, so the riverside walk is back on [&#8230;]',
) );

$lena = courier_comment( $cafe, array(
	'comment_author'       => 'Lena Fischer',
	'comment_author_email' => 'reader7@example.org',
	'comment_author_url'   => 'https://lena-fischer.example',
	'comment_author_IP'    => '192.0.2.77',
	'comment_date'         => '2024-06-05 16:05:00',
	'comment_content'      => 'Schön! Their cheesecake is the best thing on the quay ☕',
) );
courier_comment( $cafe, array(
	'comment_author'       => 'Zoë Ångström',
	'comment_author_email' => 'zoe.angstrom@valley-courier.example',
	'comment_author_IP'    => '192.0.2.88',
	'comment_date'         => '2024-06-05 17:20:00',
	'comment_parent'       => $lena,
	'comment_content'      => 'Agreed, Lena. Marta says the recipe stays a family secret.',
), $zoe );
$rude = courier_comment( $cafe, array(
	'comment_author'       => 'Angry Neighbour',
	'comment_author_email' => 'reader8@example.org',
	'comment_author_IP'    => '192.0.2.99',
	'comment_date'         => '2024-06-05 18:45:00',
	'comment_content'      => 'Moved to the bin by a moderator: this comment was rude about the owner.',
) );
courier_must( wp_trash_comment( $rude ) );

$owen = courier_comment( $budget, array(
	'comment_author'       => 'Owen Price',
	'comment_author_email' => 'reader9@example.org',
	'comment_author_url'   => 'https://owen-price.example',
	'comment_author_IP'    => '192.0.2.111',
	'comment_date'         => '2024-02-28 20:30:00',
	'comment_content'      => "Good news for Netherby.\n\nThe <a href=\"https://ashby.example/budget.pdf\">budget papers</a> are worth a read.",
) );
courier_comment( $budget, array(
	'comment_author'       => 'Siân Roberts',
	'comment_author_email' => 'reader10@example.org',
	'comment_author_IP'    => '192.0.2.122',
	'comment_date'         => '2024-02-29 08:00:00',
	'comment_parent'       => $owen,
	'comment_content'      => 'Four days a week is still a cut, Owen.',
) );

// --- The export, as Tools → Export → All content writes it -----------------------------------

wp_set_current_user( $hannah );
ob_start();
export_wp( array( 'content' => 'all' ) );
$xml = ob_get_clean();
file_put_contents( $argv[2], $xml );
fwrite( STDERR, sprintf( "Wrote %s (%d bytes), WordPress %s.\n", $argv[2], strlen( $xml ), get_bloginfo( 'version' ) ) );
