// Starts s3rver for tests: node start.js <port> <data-dir>
// Credentials are s3rver's fixed pair S3RVER / S3RVER.
const S3rver = require('s3rver');

const port = Number(process.argv[2] || 54568);
const directory = process.argv[3] || '/tmp/modelhub-services/s3';

new S3rver({ port, address: '127.0.0.1', directory, silent: true, configureBuckets: [{ name: 'modelhub' }] })
  .run()
  .then(() => console.log(`s3rver listening on http://127.0.0.1:${port}, data in ${directory}`))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
