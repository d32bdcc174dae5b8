/**
 * Short-lived rate buckets (per-address sign-in limit, token guessing): in this node's memory with
 * one node, shared through the database with many, so that a limit holds for the cluster.
 */
@NullMarked
package dev.vigil.server.limits;

import org.jspecify.annotations.NullMarked;
