package org.screening.summaries;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.screening.schemas.Topics;

/**
 * The summaries topology: the frames and results topics (co-partitioned, both keyed by feed id)
 * into one processor whose stores hold the open cases, and the summaries topic out. Kafka Streams
 * gives each partition number its own task, so instances scale up to the partition count.
 */
final class CaseTopology {

  private static final String FRAMES_SOURCE = "frames";
  private static final String RESULTS_SOURCE = "results";
  private static final String PROCESSOR = "cases";
  private static final String SINK = "summaries";

  private CaseTopology() {}

  static Topology build(SummariesConfig config) {
    Topology topology = new Topology();
    topology.addSource(FRAMES_SOURCE, Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer(), Topics.FRAMES);
    topology.addSource(RESULTS_SOURCE, Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer(), Topics.RESULTS);
    topology.addProcessor(PROCESSOR, () -> new CaseProcessor(config), FRAMES_SOURCE,
        RESULTS_SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(CaseProcessor.CASES_STORE), Serdes.String(),
        JsonSerde.of(CaseState.class)), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(CaseProcessor.ENTRIES_STORE), Serdes.String(),
        JsonSerde.of(FrameEntry.class)), PROCESSOR);
    topology.addSink(SINK, Topics.SUMMARIES, Serdes.String().serializer(),
        Serdes.ByteArray().serializer(), PROCESSOR);
    return topology;
  }
}
