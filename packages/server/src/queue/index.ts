export type { Job, JobHandler, JobQueue, RunEventBus, SequencedEvent, BusEvent, CheckEvent } from './types.js';
export { isFinalEvent } from './types.js';
export { MemoryQueue, MemoryEventBus } from './memory.js';
export { RedisQueue, RedisEventBus, type RedisQueueOptions } from './redis.js';
