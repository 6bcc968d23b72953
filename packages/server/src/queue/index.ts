export type { Job, JobHandler, JobQueue, RunEventBus, SequencedEvent } from './types.js';
export { MemoryQueue, MemoryEventBus } from './memory.js';
export { RedisQueue, RedisEventBus, type RedisQueueOptions } from './redis.js';
