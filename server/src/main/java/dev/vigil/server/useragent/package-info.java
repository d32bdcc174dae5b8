/**
 * The server's side of core's {@link dev.vigil.client.UserAgents} port: {@link
 * dev.vigil.server.useragent.YauaaUserAgents} analyses user agent strings with Yauaa, and {@link
 * dev.vigil.server.useragent.BackgroundUserAgents} builds it off the start-up path (it takes
 * seconds and about a hundred megabytes) and answers from a keyword fallback if it cannot be built.
 */
@NullMarked
package dev.vigil.server.useragent;

import org.jspecify.annotations.NullMarked;
