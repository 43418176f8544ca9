package dev.scone.cluster;

import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;

/**
 * Job operations on a session cluster through Flink's own REST client ({@link RestClusterClient}):
 * what {@code flink stop} does, without a Flink distribution.
 */
public final class JobControl {
  private JobControl() {}

  /**
   * Stops job {@code jobId} with a savepoint into {@code savepointDir} (a URI; null: the cluster's
   * {@code execution.checkpointing.savepoint-dir}) and returns the savepoint's path once the job
   * finished. Sources stop first, so no record is processed after the savepoint.
   */
  public static String stopWithSavepoint(String restAddress, String jobId, String savepointDir) throws Exception {
    try (RestClusterClient<StandaloneClusterId> client = client(restAddress)) {
      return client.stopWithSavepoint(JobID.fromHexString(jobId), false, savepointDir, SavepointFormatType.CANONICAL).get();
    }
  }

  /** Cancels job {@code jobId} and waits until the cluster acknowledged it. */
  public static void cancel(String restAddress, String jobId) throws Exception {
    try (RestClusterClient<StandaloneClusterId> client = client(restAddress)) {
      client.cancel(JobID.fromHexString(jobId)).get();
    }
  }

  /** Settings of a client of the REST API at {@code host:port}. */
  public static Configuration clientConfiguration(String restAddress) {
    int colon = restAddress.lastIndexOf(':');
    if (colon <= 0) throw new IllegalArgumentException("expected HOST:PORT of Flink's REST API, found '" + restAddress + "'");
    Configuration conf = new Configuration();
    conf.set(RestOptions.ADDRESS, restAddress.substring(0, colon));
    conf.set(RestOptions.PORT, Integer.parseInt(restAddress.substring(colon + 1)));
    return conf;
  }

  private static RestClusterClient<StandaloneClusterId> client(String restAddress) throws Exception {
    return new RestClusterClient<>(clientConfiguration(restAddress), StandaloneClusterId.getInstance());
  }
}
