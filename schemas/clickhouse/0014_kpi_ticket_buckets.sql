-- Why: ticket statistics (AHT, MTTR, FCR, CSAT's resolved tickets) count each ticket once per time
-- bucket by its last resolution in the bucket, so no rollup of events can serve them: a year by
-- week at 100M events read 10M resolutions (~2 s). Completed days and weeks are computed once by
-- the bucket-cache job (kpi/bucketCache.ts) into kpi_ticket_buckets, by the day rollup's
-- dimensions, exact quantile states included; kpi_ticket_buckets_meta records, per bucket, the
-- generation in force and the bucket's resolution and reopen counts at computation time. A query
-- uses a bucket only while those counts still equal the hour rollup's: any event inserted since
-- into that bucket changes them, and the bucket is then read raw until the job computes it again.
-- Cost: per bucket at most 1,200 rows (category x priority x tier x channel) plus the MTTR quantile
-- states (~8 B per resolved ticket and grain); meta one row per bucket.
-- Idempotency: IF NOT EXISTS; rows of an older generation are never read (queries name the
-- generation) and the job deletes them.
CREATE TABLE IF NOT EXISTS kpi_ticket_buckets
(
    grain LowCardinality(String),
    bucket DateTime('UTC'),
    gen UInt64,
    category LowCardinality(String),
    priority LowCardinality(String),
    tier LowCardinality(String),
    channel LowCardinality(String),
    res_n UInt64,
    work_sum Float64,
    mttr_n UInt64,
    mttr_sum Float64,
    mttr_q AggregateFunction(quantilesExactInclusive(0.5, 0.9), Float64),
    fcr_ok UInt64
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (grain, bucket, gen, category, priority, tier, channel);

CREATE TABLE IF NOT EXISTS kpi_ticket_buckets_meta
(
    grain LowCardinality(String),
    bucket DateTime('UTC'),
    gen UInt64,
    res_events UInt64,
    reopen_events UInt64
)
ENGINE = ReplacingMergeTree(gen)
ORDER BY (grain, bucket);
