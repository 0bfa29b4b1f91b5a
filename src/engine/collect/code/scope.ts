// Variables in scope while an analyser walks a file, and what it learns about the tool handler it is in.
import type { ToolHandler, ValueSummary } from './model.js';
import { merge } from './values.js';

export class Scope {
  private readonly vars = new Map<string, ValueSummary>();

  constructor(
    readonly parent: Scope | undefined,
    /** The tool handler this scope belongs to (inherited by nested functions). */
    readonly handler: ToolHandler | undefined,
  ) {}

  lookup(name: string): ValueSummary | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }

  /**
   * Assignments merge with what the variable held before: a branch that assigns a constant does
   * not hide another that assigns a tool argument.
   */
  assign(name: string, value: ValueSummary): void {
    const before = this.vars.get(name);
    this.vars.set(name, before ? merge(before, value) : value);
  }

  /** A fresh binding (a parameter) that does not merge with an outer one. */
  bind(name: string, value: ValueSummary): void {
    this.vars.set(name, value);
  }
}
