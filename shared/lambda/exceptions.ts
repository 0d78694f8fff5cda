/**
 * User exceptions, as in luna_lambda_tools: subclass, set `static statusCode` and `static errorText`,
 * then throw the class or an instance. The lambda answers with that status and a Luna error body.
 */
export class UserException extends Error {
  static statusCode = 500;
  static errorText = "Lambda exception";

  constructor(message?: string) {
    const own = new.target as typeof UserException;
    super(message ?? own.errorText);
    this.name = own.name;
  }

  get statusCode(): number {
    return (this.constructor as typeof UserException).statusCode;
  }

  get errorText(): string {
    return this.message;
  }
}

/** True for a UserException subclass itself (Python lets you `raise ImageCountException`). */
export function isUserExceptionClass(value: unknown): value is typeof UserException {
  return typeof value === "function" && (value === UserException || value.prototype instanceof UserException);
}
