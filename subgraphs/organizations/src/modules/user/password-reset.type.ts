import { Field, InputType, ObjectType } from 'type-graphql';

@ObjectType('PasswordReset', { description: 'A pending password reset, as its link shows it: whose account and until when.' })
export class PasswordResetType {
  @Field(() => String)
  email!: string;

  @Field(() => Date)
  expiresAt!: Date;
}

@ObjectType('PasswordResetIssued')
export class PasswordResetIssuedType {
  @Field(() => String, { description: 'The one-time path to give to the person, e.g. /reset/<token>. Shown only now.' })
  link!: string;

  @Field(() => Date)
  expiresAt!: Date;
}

@InputType('ResetPasswordInput')
export class ResetPasswordInput {
  @Field(() => String)
  token!: string;

  @Field(() => String)
  password!: string;
}
