import { Directive, Field, ObjectType } from 'type-graphql';
import type { Messages } from './i18n.js';

/** A name in the registry's three languages; the client shows the one its user reads. */
@ObjectType('LocalizedText', { description: 'Text in Finnish, Swedish and English.' })
@Directive('@shareable')
export class LocalizedText {
  @Field(() => String)
  fi!: string;

  @Field(() => String)
  sv!: string;

  @Field(() => String)
  en!: string;

  static of(messages: Messages): LocalizedText {
    return Object.assign(new LocalizedText(), messages);
  }
}
