package dev.scone.jobs;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * Flink settings that keep a local MiniCluster's servers on 127.0.0.1. Without them its REST
 * server ({@code rest.bind-address}; Flink 2 starts one for every local environment) and its
 * blob server ({@code jobmanager.bind-host}) listen on every interface (seen as
 * {@code [::]:PORT} in /proc/net/tcp6), reachable from other machines although a local job never
 * needs that; the task manager's settings keep its data server there too, should it start one.
 */
public final class LoopbackOnly {
  public static final String HOST = "127.0.0.1";

  private LoopbackOnly() {}

  /** {@code rest.bind-address}, {@code rest.address}, {@code jobmanager.bind-host}, {@code taskmanager.bind-host} and {@code taskmanager.host} = 127.0.0.1. */
  public static Configuration options() {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, HOST);
    conf.set(RestOptions.ADDRESS, HOST);
    conf.set(JobManagerOptions.BIND_HOST, HOST);
    conf.set(TaskManagerOptions.BIND_HOST, HOST);
    conf.set(TaskManagerOptions.HOST, HOST);
    return conf;
  }
}
