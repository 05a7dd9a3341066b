import { useLaunch } from '@tarojs/taro';

function App({ children }) {
  useLaunch(() => {
    console.log('app launched');
  });
  return children;
}

export default App;
