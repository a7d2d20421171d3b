/**
 * An SDK request handler that answers from a function instead of the network: the client's real
 * serializers, retry strategy and deserializers all run, unlike with aws-sdk-client-mock.
 */
import { Readable } from 'node:stream';

export interface FakeRequest {
  method: string;
  path: string;
  /** The serialized request (JSON protocols send a string). */
  body?: unknown;
}

export interface FakeResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function fakeHttpHandler(respond: (request: FakeRequest) => FakeResponse) {
  return {
    handle: async (request: FakeRequest) => {
      const { statusCode, headers, body } = respond(request);
      return { response: { statusCode, headers, body: Readable.from([Buffer.from(body)]) } };
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
  };
}
