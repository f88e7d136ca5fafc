import { Field, Int, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import type { PubSub } from 'type-graphql';

export const HEARTBEAT_TOPIC = 'HEARTBEAT';

@ObjectType('Heartbeat', { description: 'A tick on the live channel: proves the subscription path works end to end.' })
export class HeartbeatType {
  @Field(() => Int)
  sequence!: number;

  @Field(() => Date)
  at!: Date;
}

@Resolver()
export class HeartbeatResolver {
  @Subscription(() => HeartbeatType, { topics: HEARTBEAT_TOPIC, description: 'Ticks every few seconds while connected.' })
  heartbeat(@Root() tick: HeartbeatType): HeartbeatType {
    return tick;
  }
}

/** Publishes a heartbeat every `intervalMs`; returns the stop function. */
export function startHeartbeat(pubSub: PubSub, intervalMs: number): () => Promise<void> {
  let sequence = 0;
  const timer = setInterval(() => {
    sequence += 1;
    pubSub.publish(HEARTBEAT_TOPIC, Object.assign(new HeartbeatType(), { sequence, at: new Date() }));
  }, intervalMs);
  timer.unref();
  return async () => clearInterval(timer);
}
