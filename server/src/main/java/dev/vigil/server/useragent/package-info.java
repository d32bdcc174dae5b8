/**
 * The server's side of core's {@link dev.vigil.client.UserAgents} port: {@link
 * dev.vigil.server.useragent.UapUserAgents} (the default) analyses user agent strings with
 * uap-java's regular expressions, {@link dev.vigil.server.useragent.YauaaUserAgents} with Yauaa
 * (more clients told apart, for seconds of build and about a hundred megabytes), and {@link
 * dev.vigil.server.useragent.BackgroundUserAgents} builds either off the start-up path and answers
 * from a keyword fallback until then, or for good if it cannot be built.
 */
@NullMarked
package dev.vigil.server.useragent;

import org.jspecify.annotations.NullMarked;
