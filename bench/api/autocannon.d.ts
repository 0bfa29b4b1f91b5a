// The part of autocannon's programmatic API this benchmark uses (the package ships no types).
declare module 'autocannon' {
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    non2xx: number;
    errors: number;
  }
  interface Options {
    url: string;
    headers?: Record<string, string>;
    duration?: number;
    connections?: number;
    pipelining?: number;
  }
  function autocannon(options: Options): Promise<autocannon.Result>;
  namespace autocannon {
    export type { Result };
  }
  export default autocannon;
}
