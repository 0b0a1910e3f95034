/**
 * Health, readiness and metrics over HTTP, for an orchestrator's probes and a Prometheus scrape: as routes
 * Slack's HTTP receiver serves beside /slack/events, or on their own port (HEALTH_PORT) in Socket Mode and
 * Discord-only mode.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What /readyz reports: each check by name, ready only when all pass. */
export type ReadinessChecks = Record<string, boolean>

export interface HealthSource {
  /** the checks readiness is made of: knowledge base loaded, each platform connected, not stopping */
  readiness(): ReadinessChecks
  /** the metrics exposition, when metrics are kept */
  metrics?: { exposition(): Promise<string>; contentType: string }
}

/** A route as Bolt's HTTPReceiver takes it in `customRoutes`, and as the health server serves it. */
export interface HealthRoute {
  path: string
  method: string[]
  handler: (request: IncomingMessage, response: ServerResponse) => void
}

const sendJson = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
  response.end(`${JSON.stringify(body)}\n`)
}

export function healthRoutes(source: HealthSource): HealthRoute[] {
  const routes: HealthRoute[] = [
    {
      // live: the process answers HTTP at all; a restart is the cure only when this fails
      path: '/healthz',
      method: ['GET', 'HEAD'],
      handler: (_request, response) => sendJson(response, 200, { status: 'ok' }),
    },
    {
      // ready: send it traffic; false while connecting or stopping, so a rollout waits and a drain works
      path: '/readyz',
      method: ['GET', 'HEAD'],
      handler: (_request, response) => {
        const checks = source.readiness()
        const ready = Object.values(checks).every(Boolean)
        sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks })
      },
    },
  ]
  const { metrics } = source
  if (metrics) {
    routes.push({
      path: '/metrics',
      method: ['GET'],
      handler: (_request, response) => {
        metrics.exposition().then(
          (text) => {
            response.writeHead(200, { 'content-type': metrics.contentType })
            response.end(text)
          },
          () => sendJson(response, 500, { status: 'metrics unavailable' }),
        )
      },
    })
  }
  return routes
}

export interface HealthServer {
  port: number
  close(): Promise<void>
}

/** Serve `routes` on `port` (0 picks a free one); anything else is a 404, a wrong method a 405. */
export async function startHealthServer(
  routes: readonly HealthRoute[],
  port: number,
  host?: string,
): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]
    const route = routes.find((candidate) => candidate.path === path)
    if (!route) return sendJson(response, 404, { status: 'not found', paths: routes.map((r) => r.path) })
    if (!route.method.includes(request.method ?? 'GET')) {
      response.setHeader('allow', route.method.join(', '))
      return sendJson(response, 405, { status: 'method not allowed' })
    }
    route.handler(request, response)
  })
  // probes hold no connection open for long; a stop should not wait on a scraper's keep-alive
  server.keepAliveTimeout = 1_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
      }),
  }
}
