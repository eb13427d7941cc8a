export { requestOrigin, type OriginOptions } from './origin';
export { bodyChunks, bodySource, contentLength, drainBody, type HostBody } from './body';
export { noteUpload, notedUpload } from './upload-tag';
export { MultipartError, MultipartReader, boundaryOf, type PartHead } from './multipart';
