/**
 * Accounts for applications that let Vigil authenticate their users: usernames normalised against
 * look-alikes, Argon2id password hashes in PHC form, the NIST SP 800-63B password policy, sign-in
 * with per-account throttling that cannot be used to tell unknown users from wrong passwords.
 */
@NullMarked
package dev.vigil.account;

import org.jspecify.annotations.NullMarked;
