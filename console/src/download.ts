import { ApiError } from './api/client';

export interface DownloadProgress {
  /** Bytes received so far. */
  received: number;
}

/**
 * Fetches a file the service streams, reporting bytes as they arrive (the size is not known
 * ahead: the file is written while it is sent), then hands it to the browser as a download.
 */
export async function downloadFile(path: string, fallbackName: string, onProgress: (p: DownloadProgress) => void): Promise<DownloadProgress> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', headers: { 'x-requested-with': 'shenbao-console' } });
  } catch {
    throw new ApiError(0, 'network', '连不上服务器，请检查网络后重试');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(response.status, body?.error?.code ?? 'http_error', body?.error?.message ?? '导出没有成功，请稍后再试');
  }
  const progress: DownloadProgress = { received: 0 };
  onProgress(progress);
  const chunks: Uint8Array[] = [];
  const reader = response.body?.getReader();
  try {
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      progress.received += value.byteLength;
      onProgress({ ...progress });
    }
  } catch {
    throw new ApiError(0, 'network', '下载中断了，请重试');
  }
  const name = /filename\*=UTF-8''([^;]+)/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: response.headers.get('content-type') ?? 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name ? decodeURIComponent(name) : fallbackName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return progress;
}

export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
