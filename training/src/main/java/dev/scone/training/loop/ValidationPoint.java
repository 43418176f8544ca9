package dev.scone.training.loop;

/**
 * One validation measurement during training.
 *
 * @param step steps completed when it was taken
 * @param meanNll mean nats per validation token
 * @param perplexity exp(meanNll)
 */
public record ValidationPoint(int step, double meanNll, double perplexity) {}
