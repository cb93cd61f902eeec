package org.screening.workers.data;

/** A dataset divided so that no group has samples on both sides. */
public record Split(Dataset train, Dataset heldOut) {
}
