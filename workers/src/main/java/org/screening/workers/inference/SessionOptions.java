package org.screening.workers.inference;

import org.screening.workers.config.WorkerConfig;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * The session options every served model is loaded with. A SavedModel's nodes carry no device,
 * so placement is chosen per process: {@code /CPU:0} hides the GPUs (TensorFlow would otherwise
 * take one whenever the GPU build finds CUDA), {@code /GPU:n} makes device n the only visible one.
 * Soft placement keeps ops without a GPU kernel on the CPU instead of failing the load.
 */
public final class SessionOptions {

  private SessionOptions() {}

  public static ConfigProto from(WorkerConfig config) {
    return configProto(config.getString(WorkerConfig.TF_DEVICE),
        config.getBoolean(WorkerConfig.TF_GPU_MEMORY_GROWTH),
        config.getInt(WorkerConfig.TF_INTRA_OP_THREADS),
        config.getInt(WorkerConfig.TF_INTER_OP_THREADS));
  }

  static ConfigProto configProto(String device, boolean gpuMemoryGrowth, int intraOpThreads,
      int interOpThreads) {
    ConfigProto.Builder builder = ConfigProto.newBuilder()
        .setAllowSoftPlacement(true)
        .setIntraOpParallelismThreads(intraOpThreads)
        .setInterOpParallelismThreads(interOpThreads);
    if (device.equals("/CPU:0")) {
      builder.putDeviceCount("GPU", 0);
    } else if (device.startsWith("/GPU:")) {
      builder.setGpuOptions(GPUOptions.newBuilder()
          .setVisibleDeviceList(device.substring("/GPU:".length()))
          .setAllowGrowth(gpuMemoryGrowth));
    } else {
      throw new IllegalArgumentException("Device must be /CPU:0 or /GPU:<n>, got " + device);
    }
    return builder.build();
  }
}
