package dev.scone.jobs.count;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step "parse": record bytes to documents by {@link RecordParser}. Bad records (invalid UTF-8,
 * empty text, a broken JSON envelope) are skipped, never fatal: each one increments the metric
 * {@value #BAD_RECORDS} and the accumulator of the same name, and the first few are logged with
 * their reason. Oversized documents are split; each extra piece increments {@value #SPLIT_PIECES}.
 */
public final class ParseCorpusRecords extends RichFlatMapFunction<byte[], CorpusDocument> {
  /** Metric and accumulator name: records skipped as bad. */
  public static final String BAD_RECORDS = "badRecords";
  /** Metric and accumulator name: pieces added by splitting oversized documents. */
  public static final String SPLIT_PIECES = "splitPieces";

  private static final Logger LOG = LoggerFactory.getLogger(ParseCorpusRecords.class);
  private static final int LOGGED_BAD_RECORDS = 5; // per subtask, to keep a flood out of the log

  private final boolean jsonRecords;
  private final int maxDocumentChars;
  private transient RecordParser parser;
  private transient Counter badMetric;
  private transient Counter splitMetric;
  private transient LongCounter badTotal;
  private transient LongCounter splitTotal;

  public ParseCorpusRecords(boolean jsonRecords, int maxDocumentChars) {
    this.jsonRecords = jsonRecords;
    this.maxDocumentChars = maxDocumentChars;
  }

  @Override
  public void open(OpenContext context) {
    parser = new RecordParser(jsonRecords, maxDocumentChars);
    badMetric = getRuntimeContext().getMetricGroup().counter(BAD_RECORDS);
    splitMetric = getRuntimeContext().getMetricGroup().counter(SPLIT_PIECES);
    badTotal = new LongCounter();
    splitTotal = new LongCounter();
    getRuntimeContext().addAccumulator(BAD_RECORDS, badTotal);
    getRuntimeContext().addAccumulator(SPLIT_PIECES, splitTotal);
  }

  @Override
  public void flatMap(byte[] record, Collector<CorpusDocument> out) {
    RecordParser.Parsed parsed = parser.parse(record);
    if (parsed.isBad()) {
      badMetric.inc();
      badTotal.add(1);
      if (badTotal.getLocalValue() <= LOGGED_BAD_RECORDS) LOG.warn("skipping a bad record: {}", parsed.badReason());
      return;
    }
    int extra = parsed.documents().size() - 1;
    if (extra > 0) {
      splitMetric.inc(extra);
      splitTotal.add(extra);
    }
    for (CorpusDocument d : parsed.documents()) out.collect(d);
  }
}
