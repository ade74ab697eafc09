// Types for layers.js (plain JavaScript so that eslint.config.js can load it without a build).
import type { Rule } from 'eslint';

export interface LayerPolicy {
  forbid: string[];
  packages?: boolean;
  eventstoreTypesOnly?: boolean;
  why: string;
}

export const ROOT: string;
export const IO_PACKAGES: string[];
export const IO_BUILTINS: string[];
export const LAYERS: Record<string, LayerPolicy>;
export const UNRESTRICTED: Record<string, string>;
export const LAYER_EXCEPTIONS: { glob: string; why: string }[];
export const layersRule: Rule.RuleModule;
