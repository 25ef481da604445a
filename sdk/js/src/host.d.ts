// The imports of world selegic:extension/handler@1.0.0 (../wit/handler.wit), as componentize-js binds them.
declare module "selegic:extension/actions@1.0.0" {
  export interface ActionOutput { status: number; output: string }
  export interface ActionError { status: number; code: string; message: string }
  /** Throws { payload: ActionError } when the call is refused (componentize-js maps result<_, E> to a throw). */
  export function call(name: string, input: string): ActionOutput;
}
declare module "selegic:extension/log@1.0.0" {
  export type Level = "debug" | "info" | "warn" | "error";
  export function write(level: Level, message: string): void;
}
