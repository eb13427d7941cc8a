export { requestOrigin, type OriginOptions } from './origin';
export { bodyStream, contentLength, drainBody } from './body';
