/**
 * Server-side parts of accounts: the zxcvbn password-strength judge and the per-address sign-in
 * limit.
 */
@NullMarked
package dev.vigil.server.account;

import org.jspecify.annotations.NullMarked;
