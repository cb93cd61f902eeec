package org.screening.workers.stream;

import org.screening.workers.decode.RejectedFrameException;

/**
 * The blocking first stage, message bytes to model inputs: {@link FramePreparer#prepare} in
 * production, and the tests' seam for faults while decoding.
 */
@FunctionalInterface
interface Preparation {

  PreparedFrame prepare(byte[] value) throws RejectedFrameException;
}
