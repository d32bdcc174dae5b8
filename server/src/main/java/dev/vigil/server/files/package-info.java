/**
 * Files Vigil writes outside its store, created so that only their owner may read them ({@link
 * dev.vigil.server.files.OwnerOnly}). Depends on nothing else of the server, so that every package
 * may use it.
 */
package dev.vigil.server.files;
