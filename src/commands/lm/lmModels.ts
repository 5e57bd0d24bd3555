// Which language models Model Lens knows: the embedded 'subword-lm' and 'default-lm' (char), checkpoints trained into the storage
// folder (models/<name> with a manifest.json) and the folders of the setting modelLens.modelFolders.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { lmDescribeRequest, type LmSummary } from '../../protocol/lm';
import type { Services } from '../../services';
import { modelsDir } from '../embeddingModels';
import { EMBEDDED_LMS } from './selection';

export const MODEL_FOLDERS_SETTING = 'modelFolders';

/** The folders of the setting modelLens.modelFolders (absolute paths, duplicates removed). */
export function modelFolders(): string[] {
  const v = vscode.workspace.getConfiguration('modelLens').get<unknown>(MODEL_FOLDERS_SETTING, []);
  const list = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
  return [...new Set(list.map((p) => path.resolve(p)))];
}

/**
 * Adds (or with `remove`, removes) a folder of the setting: in user settings so it follows the person, unless the
 * workspace sets the list itself — a workspace value hides the user one, so a folder added there would never show.
 */
export async function updateModelFolders(dir: string, remove = false): Promise<void> {
  const abs = path.resolve(dir);
  const now = modelFolders();
  const next = remove ? now.filter((p) => p !== abs) : now.includes(abs) ? now : [...now, abs];
  if (next.length === now.length && next.every((p, i) => p === now[i])) return;
  const cfg = vscode.workspace.getConfiguration('modelLens');
  const where = cfg.inspect(MODEL_FOLDERS_SETTING);
  const target = where?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await cfg.update(MODEL_FOLDERS_SETTING, next, target);
}

/** Checkpoint folders trained into the storage folder. */
export async function trainedLmDirs(s: Services): Promise<string[]> {
  const root = modelsDir(s);
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(root);
  } catch {
    return [];
  }
  const dirs: string[] = [];
  for (const [name, type] of entries.sort((a, b) => a[0].localeCompare(b[0]))) {
    if (type !== vscode.FileType.Directory) continue;
    const dir = vscode.Uri.joinPath(root, name);
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(dir, 'manifest.json'));
      dirs.push(dir.fsPath);
    } catch {
      // not a language model (an embedding model or an unfinished folder)
    }
  }
  return dirs;
}

export interface LmEntry extends LmSummary {
  /** Where it is listed from: embedded, trained here, or the setting. */
  origin: 'default' | 'trained' | 'folder';
  label: string;
}

/** Every known language model with its config and parameter count (read without loading weights). */
export async function listLanguageModels(s: Services): Promise<LmEntry[]> {
  const trained = await trainedLmDirs(s);
  const folders = modelFolders().filter((f) => !trained.includes(f));
  // the embedded causal models (the subword default first, then the char model), then the embedded bidirectional encoder
  const defaults = [...EMBEDDED_LMS, 'default-encoder'];
  const ids = [...defaults, ...trained, ...folders];
  const { models } = await s.engine.request(lmDescribeRequest, { ids });
  return models.map((m, i) => ({
    ...m,
    origin: i < defaults.length ? 'default' : i < defaults.length + trained.length ? 'trained' : 'folder',
    label: i < defaults.length ? defaults[i] : path.basename(m.id),
  }));
}

/** "2-d · 1 layer · 1 head · ctx 32 · char · 1.2k params" for a tree row. */
export function describeLm(m: LmSummary): string {
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const r = m.recurrent;
  if (!m.error && r) {
    const parts = [r.arch.toUpperCase(), `${r.dHidden} hidden`, plural(r.nLayers, 'layer')];
    if (typeof m.meta?.tokenizer === 'string') parts.push(m.meta.tokenizer);
    if (m.params !== undefined) parts.push(`${formatCount(m.params)} params`);
    if (m.step) parts.push(`step ${m.step}`);
    return parts.join(' · ');
  }
  if (m.error || !m.config) return m.error ? `cannot open: ${m.error}` : '';
  const c = m.config;
  // grouped-query models show their kv heads: "4 heads (1 kv)"
  const heads = c.nKvHeads !== undefined && c.nKvHeads !== c.nHeads ? `${plural(c.nHeads, 'head')} (${c.nKvHeads} kv)` : plural(c.nHeads, 'head');
  const parts = [`${c.dModel}-d`, plural(c.nLayers, 'layer'), heads, `ctx ${c.contextLength}`];
  if (typeof m.meta?.tokenizer === 'string') parts.push(m.meta.tokenizer);
  if (c.causal === false) parts.push('bidirectional');
  if (m.params !== undefined) parts.push(`${formatCount(m.params)} params`);
  if (m.source === 'huggingface') {
    const family = typeof m.meta?.name === 'string' ? m.meta.name : 'gpt2';
    parts.push(family === 'gpt2' ? 'GPT-2 folder' : `${family} folder`);
  }
  else if (m.step) parts.push(`step ${m.step}`);
  return parts.join(' · ');
}

/** 1234 → "1.2k", 124439808 → "124.4M". */
export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}

/** Sets modelLens.languageModel, which the next-token, attention and probability views read. */
export async function useForPredictions(id: string): Promise<void> {
  const cfg = vscode.workspace.getConfiguration('modelLens');
  // write where the value in effect comes from, so a workspace setting does not hide the change
  const ws = cfg.inspect<string>('languageModel')?.workspaceValue !== undefined;
  await cfg.update('languageModel', id, ws ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
}
