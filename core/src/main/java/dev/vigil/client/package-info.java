/**
 * Where a request comes from: the client's address and user agent ({@link
 * dev.vigil.client.ClientContext}), the network an address belongs to, and the browser family a
 * user agent names. Values only; depends on nothing else of Vigil.
 */
@NullMarked
package dev.vigil.client;

import org.jspecify.annotations.NullMarked;
