package org.screening.workers.inference;

import org.screening.schemas.v1.Task;

/** One requested task of a frame and the model that will answer it. */
public record Route(Task task, ServedModel model) {}
